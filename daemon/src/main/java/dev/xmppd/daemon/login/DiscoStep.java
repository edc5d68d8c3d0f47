package dev.xmppd.daemon.login;

import dev.xmppd.daemon.store.DiscoIdentity;
import dev.xmppd.daemon.store.DiscoInfo;
import dev.xmppd.protocol.ext.disco.DiscoItems;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.IqType;
import dev.xmppd.protocol.xml.Element;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Service discovery after binding (XEP-0030; seed slides "Service discovery"): info of the server, info
 * of our own account (to the bare JID: MAM lives there), the server's items, then each item's info
 * (MUC, upload...). The three first requests go out together; item infos once the items are known. An
 * entity answering with an error is recorded with no features rather than failing the login.
 */
final class DiscoStep implements LoginStep {

    private static final String INFO = dev.xmppd.protocol.ext.disco.DiscoInfo.NAMESPACE;

    /** Answers by entity, in request order; a null value is still pending. */
    private final Map<String, DiscoInfo> infos = new LinkedHashMap<>();
    private final Map<String, String> entityById = new LinkedHashMap<>();
    private String itemsId;
    private List<String> items = List.of();
    private boolean itemsAnswered;

    @Override
    public String name() {
        return "disco";
    }

    @Override
    public StepResult start(LoginContext context) {
        List<Element> send = new ArrayList<>();
        send.add(infoRequest(context.account().domain()));
        send.add(infoRequest(context.account().toString()));
        Iq itemsRequest = Iq.get(Jid.domain(context.account().domain()), DiscoItems.request());
        itemsId = itemsRequest.id().orElseThrow();
        send.add(itemsRequest.element());
        return new StepResult.Continue(context, send);
    }

    private Element infoRequest(String entity) {
        Iq iq = Iq.get(Jid.parse(entity), dev.xmppd.protocol.ext.disco.DiscoInfo.request());
        infos.put(entity, null);
        entityById.put(iq.id().orElseThrow(), entity);
        return iq.element();
    }

    @Override
    public StepResult onElement(LoginContext context, Element element) {
        Iq iq = new Iq(element);
        String id = iq.id().orElse("");
        List<Element> send = new ArrayList<>();
        if (id.equals(itemsId)) {
            itemsAnswered = true;
            items = iq.type() == IqType.RESULT
                    ? iq.payload().flatMap(DiscoItems::parse).map(DiscoItems::items).orElse(List.of()).stream()
                            .filter(i -> i.node().isEmpty()).map(i -> i.jid().toString()).distinct().toList()
                    : List.of();
            for (String item : items) {
                if (!infos.containsKey(item)) {
                    send.add(infoRequest(item));
                }
            }
        } else if (entityById.containsKey(id)) {
            String entity = entityById.get(id);
            infos.put(entity, parse(entity, iq));
        }
        boolean complete = itemsAnswered && infos.values().stream().allMatch(java.util.Objects::nonNull);
        if (!complete) {
            return new StepResult.Continue(context, send);
        }
        return new StepResult.Done(context.withDisco(List.copyOf(infos.values()), items).completing(name()), send);
    }

    private static DiscoInfo parse(String entity, Iq iq) {
        Optional<dev.xmppd.protocol.ext.disco.DiscoInfo> info = iq.type() == IqType.RESULT
                ? iq.payload().flatMap(dev.xmppd.protocol.ext.disco.DiscoInfo::parse) : Optional.empty();
        List<DiscoIdentity> identities = info.map(i -> i.identities().stream()
                .map(x -> new DiscoIdentity(x.category(), x.type(), x.name())).toList()).orElse(List.of());
        List<String> features = info.map(dev.xmppd.protocol.ext.disco.DiscoInfo::features).orElse(List.of());
        return new DiscoInfo(entity, "", identities, features, Instant.now());
    }
}
