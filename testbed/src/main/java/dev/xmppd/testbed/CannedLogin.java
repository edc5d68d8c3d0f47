package dev.xmppd.testbed;

/**
 * Prefixes of a normal login for {@link ScriptedServer} scripts: each brings the client one step further (RFC 6120
 * order: stream, STARTTLS, SASL, stream restart, bind, then the client's recap answered automatically), so a test
 * scripts only what comes after.
 */
public final class CannedLogin {

    public static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
    public static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    public static final String SM = "urn:xmpp:sm:3";
    public static final String STARTTLS_FEATURES = "<stream:features><starttls xmlns='" + TLS + "'><required/>"
            + "</starttls></stream:features>";
    public static final String PLAIN_FEATURES = "<stream:features><mechanisms xmlns='" + SASL + "'>"
            + "<mechanism>PLAIN</mechanism></mechanisms></stream:features>";
    public static final String BIND_FEATURES = "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
            + "</stream:features>";

    private CannedLogin() {
    }

    /** Our stream header, in the right namespaces. */
    public static String header(ScriptedConnection c) {
        return "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
                + " id='scripted-" + c.number() + "' from='" + c.domain() + "' version='1.0' xml:lang='en'>";
    }

    /** Waits for the client's stream header and answers with ours (features are the caller's). */
    public static void openStream(ScriptedConnection c) {
        c.expect("^<stream:stream\\b");
        c.send(header(c));
    }

    /**
     * Stream opened, STARTTLS offered and done, the client's new stream header answered: features next. On a
     * direct-TLS connection ({@link ScriptedServer#startDirectTls}) only the stream is opened.
     */
    public static void tls(ScriptedConnection c) {
        if (c.secure()) {
            openStream(c);
            return;
        }
        openStream(c);
        c.send(STARTTLS_FEATURES);
        c.startTls();
        openStream(c);
    }

    /** After {@link #tls}: PLAIN offered and accepted, whatever the password; returns the client's auth element. */
    public static String authenticated(ScriptedConnection c) {
        tls(c);
        c.send(PLAIN_FEATURES);
        String auth = c.expectElement("^<auth\\b");
        c.send("<success xmlns='" + SASL + "'/>");
        openStream(c);
        return auth;
    }

    /** After {@link #authenticated}: the client's bind request answered with {@code fullJid}. */
    public static void bound(ScriptedConnection c, String fullJid) {
        bound(c, fullJid, "");
    }

    /** {@link #bound}, with {@code moreFeatures} (XML) offered next to bind. */
    public static void bound(ScriptedConnection c, String fullJid, String moreFeatures) {
        authenticated(c);
        c.send(BIND_FEATURES.replace("</stream:features>", moreFeatures + "</stream:features>"));
        String bind = c.expectElement("^<iq\\b.*<bind\\b");
        c.send("<iq type='result' id='" + ScriptedConnection.attribute(bind, "id").orElse("") + "'><bind xmlns="
                + "'urn:ietf:params:xml:ns:xmpp-bind'><jid>" + fullJid + "</jid></bind></iq>");
        c.boundJid(fullJid);
    }

    /**
     * A whole login as {@code fullJid}: after this the client has sent its initial presence (the recap's disco,
     * roster, blocklist and carbons were answered on the way) and counts as online.
     */
    public static void online(ScriptedConnection c, String fullJid) {
        bound(c, fullJid);
        c.expect("^<presence\\b");
    }

    /**
     * {@link #online} with XEP-0198 stream management offered and enabled (session id {@code sm-N}, N the
     * connection number, resumable); acknowledgements are the script's business.
     */
    public static void onlineWithStreamManagement(ScriptedConnection c, String fullJid) {
        bound(c, fullJid, "<sm xmlns='" + SM + "'/>");
        c.expect("^<enable\\b");
        c.send("<enabled xmlns='" + SM + "' id='sm-" + c.number() + "' resume='true'/>");
        c.expect("^<presence\\b");
    }
}
