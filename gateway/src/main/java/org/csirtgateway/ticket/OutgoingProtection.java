package org.csirtgateway.ticket;

import java.sql.Connection;
import java.sql.SQLException;

import org.csirtgateway.ack.OutgoingMail;

/**
 * What happens to a team member's mail (reply, forward) before it enters the outbox: OpenPGP signing and, where the
 * ticket's report came encrypted and the recipient's key is trusted, encryption ("answer in kind").
 */
@FunctionalInterface
public interface OutgoingProtection {

    /** Mail goes out as composed. */
    OutgoingProtection NONE = (connection, mail, ticketId) -> mail;

    OutgoingMail protect(Connection connection, OutgoingMail mail, String ticketId) throws SQLException;
}
