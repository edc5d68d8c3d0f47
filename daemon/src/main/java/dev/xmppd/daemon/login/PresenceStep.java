package dev.xmppd.daemon.login;

import dev.xmppd.daemon.config.PresenceSettings;
import dev.xmppd.protocol.stanza.Presence;
import dev.xmppd.protocol.stanza.Show;
import dev.xmppd.protocol.xml.Element;
import java.util.Optional;

/**
 * Initial presence (RFC 6121 §4.2): from now on the server routes messages and contacts' presence to us.
 * Nothing is answered, so the step is done as soon as it is sent.
 */
public final class PresenceStep implements LoginStep {

    @Override
    public String name() {
        return "presence";
    }

    @Override
    public StepResult start(LoginContext context) {
        return StepResult.done(context.completing(name()), presence(context.settings().presence()));
    }

    @Override
    public StepResult onElement(LoginContext context, Element element) {
        return StepResult.done(context);
    }

    /** The available presence for these settings; an unknown show is plain available. */
    public static Element presence(PresenceSettings settings) {
        Optional<Show> show = Show.parse(settings.show());
        Optional<String> status = settings.status().isEmpty() ? Optional.empty() : Optional.of(settings.status());
        return Presence.available(show, status, settings.priority()).element();
    }
}
