package org.csirtgateway.crypto;

import java.util.Optional;

import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;

/** Where signers' certificates are looked up by key ID or fingerprint (reporter keys, the team's own keys). */
@FunctionalInterface
public interface CertificateSource {

    Optional<OpenPGPCertificate> find(KeyIdentifier id);

    CertificateSource NONE = id -> Optional.empty();
}
