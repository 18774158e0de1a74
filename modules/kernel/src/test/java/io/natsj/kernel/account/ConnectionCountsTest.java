package io.natsj.kernel.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.spi.topology.AccountRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An account's counts of clients and leaves, here and as its cluster peers report them. */
class ConnectionCountsTest {

    private final Account account = new Account("A");

    @Test
    void clientsCountPeersAndLocalLeaves() {
        assertTrue(account.connectionAdmitted(3));
        assertNotNull(account.admitLeaf(-1, () -> { }));
        account.peerConnections("S2", 1, 0);
        assertFalse(account.connectionAdmitted(3), "1 client + 1 leaf here + 1 client on S2");
        account.peerConnections("S2", 0, 0);
        assertTrue(account.connectionAdmitted(3));
        assertEquals(2, account.connections());
    }

    @Test
    void leavesCountPeersAndTheNewestAreEvictedWhenAPeerReportsTooMany() {
        List<String> evicted = new ArrayList<>();
        AccountRef.LeafSeat first = account.admitLeaf(2, () -> evicted.add("first"));
        AccountRef.LeafSeat second = account.admitLeaf(2, () -> evicted.add("second"));
        assertNotNull(first);
        assertNotNull(second);
        assertNull(account.admitLeaf(2, () -> { }), "at the limit");
        assertEquals(1, account.peerConnections("S2", 0, 1));
        assertEquals(List.of("second"), evicted, "the newest goes");
        second.release();
        assertEquals(1, account.leafConnections());
        assertNull(account.admitLeaf(2, () -> { }), "1 here + 1 on S2");
        account.peerGone("S2");
        assertNotNull(account.admitLeaf(2, () -> { }));
    }

    @Test
    void aSeatIsReleasedOnce() {
        AccountRef.LeafSeat seat = account.admitLeaf(-1, () -> { });
        account.admitLeaf(-1, () -> { });
        seat.release();
        seat.release();
        assertEquals(1, account.leafConnections());
    }

    @Test
    void reportsRepeatedReplaceAndOldOnesAreForgotten() {
        account.peerConnections("S2", 2, 1);
        account.peerConnections("S2", 3, 0);
        account.peerConnections("S3", 1, 1);
        assertEquals(4, account.peerClients());
        assertEquals(1, account.peerLeaves());
        account.forgetPeerReportsOlderThan(Long.MAX_VALUE);
        assertEquals(4, account.peerClients());
        account.forgetPeerReportsOlderThan(-1);
        assertEquals(0, account.peerClients());
        assertEquals(0, account.peerLeaves());
    }

    @Test
    void theListenerHearsLocalChangesOnly() {
        List<String> heard = new ArrayList<>();
        account.onConnectionsChanged(a -> heard.add(a.name()));
        account.connectionAdmitted(-1);
        AccountRef.LeafSeat seat = account.admitLeaf(-1, () -> { });
        account.peerConnections("S2", 5, 5);
        seat.release();
        account.connectionClosed();
        assertEquals(4, heard.size());
    }
}
