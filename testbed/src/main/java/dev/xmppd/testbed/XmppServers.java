package dev.xmppd.testbed;

import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * JUnit 5 extension giving tests real Prosody and ejabberd servers.
 *
 * <p>Chosen shape: a {@code @TestTemplate} annotation, {@link BothServers}, rather than
 * {@code @ParameterizedTest @MethodSource}: a method source would need a static factory in every
 * test class and start the servers outside JUnit's lifecycle, while the template lets the extension
 * start each server lazily on first use, share it across the class and stop it at the class's end.
 *
 * <ul>
 *   <li>{@code @BothServers void test(XmppServer server)} runs once per server ({@code [prosody]},
 *       {@code [ejabberd]}).</li>
 *   <li>With {@code @ExtendWith(XmppServers.class)} on the class, any test, {@code @BeforeAll},
 *       {@code @BeforeEach} ... may also take a {@link ProsodyServer} or {@link EjabberdServer}
 *       parameter, e.g. to use both servers in one test.</li>
 *   <li>Each server is started once per top-level test class (nested classes share it unless they
 *       ask for another certificate) and closed
 *       (stopped, directory deleted) after the class. A test that stopped its server gets it
 *       started again before the next test. Tests get fresh accounts with
 *       {@link XmppServer#newAccount(String)}: account names are unique per server.</li>
 *   <li>A server that cannot start fails the tests that need it, with its log in the message
 *       (never a skip). When a test fails, the tail of the log of every server it used is attached
 *       to the failure as a suppressed {@link ServerLog} and the full log printed to stderr.</li>
 *   <li>{@link ServerCertificate @ServerCertificate("wrong.example")} on the class gives its servers
 *       a certificate for another name.</li>
 * </ul>
 */
public final class XmppServers implements TestTemplateInvocationContextProvider, ParameterResolver,
        TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(XmppServers.class);
    private static final List<String> SERVERS = List.of("prosody", "ejabberd");

    /** The server of that name for the test class of {@code context}, started (again) if needed. */
    public static XmppServer server(ExtensionContext context, String name) {
        ExtensionContext owner = owningClassContext(context);
        String certificateName = certificateName(owner.getRequiredTestClass());
        // Stores are hierarchical (a nested class sees its outer class's values): key on the certificate too.
        XmppServer server = owner.getStore(NAMESPACE).getOrComputeIfAbsent(name + " " + certificateName,
                key -> startNew(name, certificateName), XmppServer.class);
        server.start();
        return server;
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(method -> method.isAnnotationPresent(BothServers.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return SERVERS.stream().map(ServerInvocation::new);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ProsodyServer.class || type == EjabberdServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Parameter p = parameter.getParameter();
        return server(context, p.getType() == ProsodyServer.class ? "prosody" : "ejabberd");
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withLogs(context, throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw withLogs(context, throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw withLogs(context, throwable);
    }

    /** Attaches the logs of the servers of this test: the invocation's server, or all started ones. */
    private static Throwable withLogs(ExtensionContext context, Throwable throwable) {
        ExtensionContext owner = owningClassContext(context);
        String certificateName = certificateName(owner.getRequiredTestClass());
        List<String> names = invocationServer(context).map(List::of).orElse(SERVERS);
        for (String name : names) {
            XmppServer server = owner.getStore(NAMESPACE).get(name + " " + certificateName, XmppServer.class);
            if (server != null) {
                throwable.addSuppressed(new ServerLog(server));
                System.err.printf("----- %s log for %s -----%n%s%n----- end of %s log -----%n",
                        server.name(), context.getDisplayName(), server.log(), server.name());
            }
        }
        return throwable;
    }

    private static Optional<String> invocationServer(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(ServerInvocation.KEY, String.class));
    }

    private static XmppServer startNew(String name, String certificateName) {
        Supplier<BaseServer> factory = name.equals("prosody")
                ? () -> new ProsodyServer(certificateName)
                : () -> new EjabberdServer(certificateName);
        BaseServer server = factory.get();
        try {
            server.start();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * The outermost class context whose servers fit this test: nested classes share their outer
     * class's servers unless they ask for another certificate.
     */
    private static ExtensionContext owningClassContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() || current.getTestClass().isEmpty()) {
            current = current.getParent().orElseThrow(() -> new IllegalStateException("no test class"));
        }
        String certificateName = certificateName(current.getRequiredTestClass());
        while (current.getParent().flatMap(ExtensionContext::getTestClass)
                .filter(outer -> certificateName(outer).equals(certificateName)).isPresent()) {
            current = current.getParent().orElseThrow();
        }
        return current;
    }

    /** The {@link ServerCertificate} of the class or its nearest enclosing class that has one. */
    private static String certificateName(Class<?> testClass) {
        for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
            ServerCertificate annotation = type.getAnnotation(ServerCertificate.class);
            if (annotation != null) {
                return annotation.value();
            }
        }
        return BaseServer.DOMAIN;
    }

    /** One run of a {@link BothServers} method: resolves {@link XmppServer} to the named server. */
    private record ServerInvocation(String name) implements TestTemplateInvocationContext {

        static final String KEY = "invocation-server";

        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + name + "]";
        }

        @Override
        public List<org.junit.jupiter.api.extension.Extension> getAdditionalExtensions() {
            return List.of(new ServerParameter(name));
        }
    }

    private record ServerParameter(String name) implements ParameterResolver,
            org.junit.jupiter.api.extension.BeforeEachCallback {

        @Override
        public void beforeEach(ExtensionContext context) {
            context.getStore(NAMESPACE).put(ServerInvocation.KEY, name);
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == XmppServer.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return server(context, name);
        }
    }
}
