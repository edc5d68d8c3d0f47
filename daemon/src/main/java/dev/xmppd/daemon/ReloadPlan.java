package dev.xmppd.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xmppd.daemon.config.AccountSettings;
import dev.xmppd.daemon.config.DaemonSettings;
import dev.xmppd.daemon.control.JsonRpc;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a reload changes: the accounts declared in the config are compared with the ones running, by bare JID and
 * every setting. Accounts added at runtime ({@code xmppctl account add}) are not the config's and are left alone.
 * Other settings (data dir, control socket, log format, ...) cannot change under a running daemon: they are listed
 * in {@code restartNeeded} and keep their old values.
 */
record ReloadPlan(List<AccountSettings> added, List<String> removed, List<AccountSettings> changed,
                  List<String> unchanged, List<String> restartNeeded) {

    ReloadPlan {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        unchanged = List.copyOf(unchanged);
        restartNeeded = List.copyOf(restartNeeded);
    }

    static ReloadPlan of(DaemonSettings running, List<AccountSettings> declared, DaemonSettings next) {
        Map<String, AccountSettings> before = new LinkedHashMap<>();
        declared.forEach(a -> before.put(a.jid(), a));
        List<AccountSettings> added = new ArrayList<>();
        List<AccountSettings> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (AccountSettings account : next.accounts()) {
            AccountSettings old = before.remove(account.jid());
            if (old == null) {
                added.add(account);
            } else if (old.equals(account)) {
                unchanged.add(account.jid());
            } else {
                changed.add(account);
            }
        }
        return new ReloadPlan(added, List.copyOf(before.keySet()), changed, unchanged, restartNeeded(running, next));
    }

    /** Every setting but the accounts that differs, by its config key. */
    private static List<String> restartNeeded(DaemonSettings running, DaemonSettings next) {
        List<String> keys = new ArrayList<>();
        for (RecordComponent component : DaemonSettings.class.getRecordComponents()) {
            if (component.getName().equals("accounts")) {
                continue;
            }
            try {
                if (!Objects.equals(component.getAccessor().invoke(running), component.getAccessor().invoke(next))) {
                    keys.add(key(component.getName()));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot compare " + component.getName(), e);
            }
        }
        return keys;
    }

    /** {@code controlSocket} → {@code xmppd.control.socket}, {@code dataDir} → {@code xmppd.data-dir}. */
    private static String key(String component) {
        if (component.equals("controlSocket")) {
            return "xmppd.control.socket";
        }
        return "xmppd." + component.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    ObjectNode toJson() {
        ObjectNode node = JsonRpc.MAPPER.createObjectNode();
        added.forEach(a -> node.withArray("added").add(a.jid()));
        removed.forEach(jid -> node.withArray("removed").add(jid));
        changed.forEach(a -> node.withArray("changed").add(a.jid()));
        unchanged.forEach(jid -> node.withArray("unchanged").add(jid));
        restartNeeded.forEach(key -> node.withArray("restartNeeded").add(key));
        for (String field : List.of("added", "removed", "changed", "unchanged", "restartNeeded")) {
            node.withArray(field);
        }
        return node;
    }

    String describe() {
        return "added " + added.size() + ", removed " + removed.size() + ", changed " + changed.size() + ", unchanged "
                + unchanged.size() + (restartNeeded.isEmpty() ? "" : "; needs a restart to apply "
                + String.join(", ", restartNeeded));
    }
}
