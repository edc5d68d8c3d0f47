package dev.xmppd.daemon.login;

import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.IqType;
import dev.xmppd.protocol.xml.Element;

/**
 * Enables message carbons (XEP-0280 §4) when advertised, so messages to and from our other resources
 * reach the archive too. A refusal is logged as carbons off, not a login failure.
 */
final class CarbonsStep implements LoginStep {

    static final String NAMESPACE = "urn:xmpp:carbons:2";

    @Override
    public String name() {
        return "carbons";
    }

    @Override
    public boolean applies(LoginContext context) {
        // Already on when SASL2 enabled it inside Bind2 (XEP-0386).
        return !context.carbons() && context.serverHas(NAMESPACE);
    }

    @Override
    public StepResult start(LoginContext context) {
        return StepResult.send(context, Iq.set(Element.builder("enable", NAMESPACE).build()).element());
    }

    @Override
    public StepResult onElement(LoginContext context, Element element) {
        return StepResult.done(context.withCarbons(new Iq(element).type() == IqType.RESULT).completing(name()));
    }
}
