package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every command shares ({@code --socket}, {@code --json}) and the call to the daemon. Given on a parent
 * command ({@code xmppctl --json status}) they hold for its subcommands too.
 */
public final class ControlOptions {
    @Option(names = "--socket", paramLabel = "PATH",
            description = "the daemon's control socket (default: $XMPPD_CONTROL_SOCKET, "
                    + "$XDG_RUNTIME_DIR/xmppd/control.sock, /run/xmppd/control.sock as root, "
                    + "/tmp/xmppd-<uid>/control.sock)")
    private Path socket;

    @Option(names = "--json", description = "print the daemon's answer as JSON")
    private boolean json;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    public boolean json() {
        return json || parent().map(ControlOptions::json).orElse(false);
    }

    public Optional<Path> socketOption() {
        return Optional.ofNullable(socket).or(() -> parent().flatMap(ControlOptions::socketOption));
    }

    public Environment environment() {
        return ((Xmppctl) mixee.root().userObject()).environment();
    }

    public Path socketPath() {
        Environment env = environment();
        return ControlSocketPath.resolve(socketOption(), env.variables(), env.uid());
    }

    public PrintWriter out() {
        return mixee.commandLine().getOut();
    }

    /** An empty params object for a call. */
    public ObjectNode params() {
        return Json.object();
    }

    /**
     * Calls the daemon. In {@code --json} mode an error answer is also printed on stdout as
     * {@code {"error":{...}}} before it propagates (one line on stderr, exit 1).
     */
    public JsonNode call(String method, ObjectNode params) {
        ControlClient client = new ControlClient(socketPath(), environment().timeout());
        try {
            return client.call(method, params);
        } catch (DaemonError e) {
            if (json()) {
                ObjectNode wrapped = Json.object();
                wrapped.set("error", e.error());
                print(Json.pretty(wrapped));
            }
            throw e;
        }
    }

    /** A streaming call ({@code sync}, {@code export}, {@code tail}): notifications go to the consumer first. */
    public JsonNode stream(String method, ObjectNode params, Consumer<JsonNode> onNotification,
                           ControlClient.Idle idle) {
        ControlClient client = new ControlClient(socketPath(), environment().timeout());
        try {
            return client.stream(method, params, onNotification, idle);
        } catch (DaemonError e) {
            if (json()) {
                ObjectNode wrapped = Json.object();
                wrapped.set("error", e.error());
                print(Json.pretty(wrapped));
            }
            throw e;
        }
    }

    /** The usual command body: calls {@code method}, shows the result (JSON, or {@code human}), and exits 0. */
    public int callAndShow(String method, ObjectNode params, BiConsumer<JsonNode, PrintWriter> human) {
        JsonNode result = call(method, params);
        show(result, out -> human.accept(result, out));
        return Xmppctl.EXIT_OK;
    }

    /** Prints the result as JSON with {@code --json}, else as the command's human text. */
    public void show(JsonNode result, Consumer<PrintWriter> human) {
        if (json()) {
            print(Json.pretty(result));
        } else {
            human.accept(out());
            out().flush();
        }
    }

    private void print(String text) {
        out().println(text);
        out().flush();
    }

    /** The same options given on the nearest parent command, if any. */
    private Optional<ControlOptions> parent() {
        for (CommandSpec command = mixee.parent(); command != null; command = command.parent()) {
            for (CommandSpec mixin : command.mixins().values()) {
                if (mixin.userObject() instanceof ControlOptions options) {
                    return Optional.of(options);
                }
            }
        }
        return Optional.empty();
    }
}
