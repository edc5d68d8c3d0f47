package dev.xmppd.bench;

/**
 * Which StAX parser Smack's smack-xmlparser-stax uses here: the JDK's own, as a Smack application on Java SE has
 * by default. Aalto is on the benchmarks' classpath and would be found first as a StAX service; Smack 4.4 then
 * trips its own assertion in {@code StandardExtensionElementProvider} (Aalto reports the default namespace's
 * prefix as "" where Smack expects null), so the comparison would not be Smack as its users run it.
 */
public final class SmackStax {
    private static final String PROPERTY = "javax.xml.stream.XMLInputFactory";
    private static final String JDK_FACTORY = "com.sun.xml.internal.stream.XMLInputFactoryImpl";

    private SmackStax() {
    }

    /** Call before Smack parses anything (its StAX factory is created once, on first use). */
    public static void useJdkParser() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, JDK_FACTORY);
        }
    }

    /** The StAX input factory Smack ends up with. */
    public static String implementation() {
        return javax.xml.stream.XMLInputFactory.newFactory().getClass().getName();
    }
}
