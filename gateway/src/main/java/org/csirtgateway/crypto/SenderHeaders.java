package org.csirtgateway.crypto;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;

/**
 * The senders a message names in its From headers. One is the rule (RFC 5322 allows one From field); a message with
 * two From fields, or one naming several mailboxes, has no single sender: a reader shows one of them, a signature may
 * be by another, so a badge over it must say that the sender is ambiguous.
 */
final class SenderHeaders {

    private SenderHeaders() {
    }

    /** Every mailbox address of every top-level From field, in order (lower case, without duplicates). */
    static List<String> mailboxes(RawMime.Entity top) {
        List<String> found = new ArrayList<>();
        for (RawMime.HeaderField field : top.fields()) {
            if (!field.name().equalsIgnoreCase("From")) {
                continue;
            }
            List<String> inField = new ArrayList<>();
            try {
                for (Address address : LenientAddressParser.DEFAULT.parseAddressList(field.value())) {
                    if (address instanceof Mailbox mailbox) {
                        inField.add(mailbox.getAddress());
                    } else if (address instanceof Group group) {
                        group.getMailboxes().forEach(m -> inField.add(m.getAddress()));
                    }
                }
            } catch (RuntimeException e) {
                inField.clear();
            }
            if (inField.isEmpty()) {
                inField.add(ProtectedHeaders.address(field.value())); // unparsable: still a sender of its own
            }
            for (String address : inField) {
                String lower = address.toLowerCase(java.util.Locale.ROOT);
                if (!found.contains(lower)) {
                    found.add(lower);
                }
            }
        }
        return found;
    }
}
