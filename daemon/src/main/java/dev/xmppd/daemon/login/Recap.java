package dev.xmppd.daemon.login;

import java.util.List;

/**
 * The order of the steps after binding, as in the recap of the seed talk: stream management, service
 * discovery, roster (+ blocklist), carbons, then initial presence, with the archive's last id read before
 * presence and the catch-up after it. The account supplies the slots it owns.
 */
public final class Recap {

    private Recap() {
    }

    public static List<LoginStep> postBind(LoginStep streamManagement, LoginStep archiveLastId,
                                           LoginStep archiveCatchUp) {
        return List.of(streamManagement, new DiscoStep(), new RosterStep(), new BlocklistStep(), new CarbonsStep(),
                archiveLastId, new PresenceStep(), archiveCatchUp);
    }
}
