package dev.xmppd.daemon.login;

import java.util.List;

/**
 * The order of the steps after binding, as in the recap of the seed talk: stream management, service
 * discovery, roster (+ blocklist), carbons, then initial presence, with the archive's last id read before
 * presence and the catch-up after it. The account supplies the slots it owns.
 */
public final class Recap {

    /**
     * The name of the stream-management step (XEP-0198 §3 enable after bind); a SASL2 login that enabled stream
     * management inside Bind2 marks it done, so it is not enabled twice.
     */
    public static final String STREAM_MANAGEMENT = "stream-management";

    private Recap() {
    }

    public static List<LoginStep> postBind(LoginStep streamManagement, LoginStep archiveLastId,
                                           LoginStep archiveCatchUp) {
        return List.of(streamManagement, new DiscoStep(), new RosterStep(), new BlocklistStep(), new CarbonsStep(),
                archiveLastId, new PresenceStep(), archiveCatchUp);
    }
}
