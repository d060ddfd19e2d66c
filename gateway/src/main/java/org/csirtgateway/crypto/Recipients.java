package org.csirtgateway.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPObjectFactory;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.api.EncryptedDataPacketType;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/**
 * Whom an OpenPGP message is encrypted to, read from its packets before decrypting: the key IDs it names, and the
 * public-key algorithms of the session keys it encrypted to hidden recipients (GnuPG's --throw-keyids, a wildcard key
 * ID), for which every team key of that algorithm has to be tried.
 *
 * @param openPgp          whether the data holds OpenPGP packets at all
 * @param withoutIntegrity encrypted without integrity protection (a legacy SED packet)
 * @param keyIds           the key IDs named, written as {@link Fingerprints#keyId}
 * @param hiddenAlgorithms the algorithms of the session keys encrypted to hidden recipients; empty when there are none
 */
record Recipients(boolean openPgp, boolean withoutIntegrity, List<String> keyIds, Set<Integer> hiddenAlgorithms) {

    Recipients {
        keyIds = List.copyOf(keyIds);
        hiddenAlgorithms = Set.copyOf(hiddenAlgorithms);
    }

    boolean hidden() {
        return !hiddenAlgorithms.isEmpty();
    }

    /** Reads the packets up to the encrypted data; never throws: unreadable data is simply not OpenPGP (or partly). */
    static Recipients of(byte[] data) {
        List<String> keyIds = new ArrayList<>();
        Set<Integer> hidden = new HashSet<>();
        boolean openPgp = false;
        try {
            PGPObjectFactory factory = new BcPGPObjectFactory(PGPUtil.getDecoderStream(new ByteArrayInputStream(data)));
            Object object;
            while ((object = factory.nextObject()) != null) {
                openPgp = true;
                if (object instanceof PGPEncryptedDataList list) {
                    if (EncryptedDataPacketType.of(list) == EncryptedDataPacketType.SED) {
                        return new Recipients(true, true, keyIds, hidden);
                    }
                    for (PGPEncryptedData encrypted : list) {
                        if (encrypted instanceof PGPPublicKeyEncryptedData pk) {
                            if (pk.getKeyIdentifier().isWildcard()) {
                                hidden.add(pk.getAlgorithm());
                            } else {
                                keyIds.add(Fingerprints.keyId(pk.getKeyIdentifier()));
                            }
                        }
                    }
                    break;
                }
            }
        } catch (IOException | PGPException | RuntimeException ignored) {
            // what was read so far is what is known
        }
        return new Recipients(openPgp, false, keyIds, hidden);
    }
}
