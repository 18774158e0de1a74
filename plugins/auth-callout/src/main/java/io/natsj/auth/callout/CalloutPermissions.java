package io.natsj.auth.callout;

import io.natsj.spi.auth.Permissions;
import java.util.ArrayList;
import java.util.List;

/**
 * nats-server's one change to a callout user's permissions: a user placed in the callout
 * account itself may not publish on {@code $SYS.REQ.USER.AUTH}, so it cannot pose as the
 * server to the service.
 */
final class CalloutPermissions {

    private CalloutPermissions() {
    }

    /**
     * @param permissions the user's permissions, null for unrestricted
     * @param inCalloutAccount true when the user is placed in the callout account
     * @return the permissions, with publishing on the callout subject denied when placed there
     */
    static Permissions denyCalloutSubject(Permissions permissions, boolean inCalloutAccount) {
        if (!inCalloutAccount) {
            return permissions;
        }
        Permissions p = permissions == null ? Permissions.ALL : permissions;
        List<String> deny = new ArrayList<>(p.publish().deny());
        deny.add(CalloutChannel.SUBJECT);
        return new Permissions(new Permissions.SubjectRules(p.publish().allow(), deny), p.subscribe(), p.responses());
    }
}
