#!/usr/bin/env bash
# Makes the committed PGP fixtures with real GnuPG (a real OpenPGP peer), in a throw-away GNUPGHOME.
# Run from anywhere: writes next to this script. Re-running makes new keys, so commit the whole set together.
#   team-rsa.sec.asc / team-rsa.pub.asc      RSA-3072 team key (passphrase in team.passphrase)
#   team-25519.sec.asc / team-25519.pub.asc  Curve25519 team key (same passphrase)
#   reporter.sec.asc / reporter.pub.asc      the reporter's Curve25519 key (no passphrase)
#   stranger.pub.asc                         a key the team does not have the secret for
#   inline-encrypted-signed.asc              armored message to the RSA team key, signed by the reporter
#   inline-encrypted-to-stranger.asc         armored message to the stranger only
#   cleartext-signed.asc                     a cleartext-signed text by the reporter
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export GNUPGHOME="$(mktemp -d)"
trap 'gpgconf --kill all >/dev/null 2>&1 || true; rm -rf "$GNUPGHOME"' EXIT
pass="correct horse battery staple"
printf '%s' "$pass" > "$here/team.passphrase"
g() { gpg --batch --yes --pinentry-mode loopback --quiet "$@"; }

g --passphrase "$pass" --quick-gen-key "Example CSIRT (RSA) <csirt@example.org>" rsa3072 sign,cert 0
g --passphrase "$pass" --quick-add-key "$(g --list-keys --with-colons 'Example CSIRT (RSA)' | awk -F: '/^fpr/{print $10; exit}')" rsa3072 encr 0
g --passphrase "$pass" --quick-gen-key "Example CSIRT (25519) <csirt@example.org>" ed25519 sign,cert 0
g --passphrase "$pass" --quick-add-key "$(g --list-keys --with-colons 'Example CSIRT (25519)' | awk -F: '/^fpr/{print $10; exit}')" cv25519 encr 0
g --passphrase '' --quick-gen-key "Alice Reporter <alice@reporter.example>" ed25519 sign,cert 0
g --passphrase '' --quick-add-key "$(g --list-keys --with-colons 'Alice Reporter' | awk -F: '/^fpr/{print $10; exit}')" cv25519 encr 0
g --passphrase '' --quick-gen-key "Stranger <stranger@elsewhere.example>" ed25519 sign,cert 0
g --passphrase '' --quick-add-key "$(g --list-keys --with-colons 'Stranger' | awk -F: '/^fpr/{print $10; exit}')" cv25519 encr 0

g --passphrase "$pass" --armor --export-secret-keys 'Example CSIRT (RSA)' > "$here/team-rsa.sec.asc"
g --armor --export 'Example CSIRT (RSA)' > "$here/team-rsa.pub.asc"
g --passphrase "$pass" --armor --export-secret-keys 'Example CSIRT (25519)' > "$here/team-25519.sec.asc"
g --armor --export 'Example CSIRT (25519)' > "$here/team-25519.pub.asc"
g --passphrase '' --armor --export-secret-keys 'Alice Reporter' > "$here/reporter.sec.asc"
g --armor --export 'Alice Reporter' > "$here/reporter.pub.asc"
g --armor --export 'Stranger' > "$here/stranger.pub.asc"

text='Phishing site at hxxp://login-example.test/ — credentials of 12 staff captured.'
printf '%s\n' "$text" | g --armor --trust-model always --sign --local-user 'Alice Reporter' \
    --encrypt --recipient 'Example CSIRT (RSA)' > "$here/inline-encrypted-signed.asc"
printf '%s\n' "$text" | g --armor --trust-model always --encrypt --recipient 'Stranger' \
    > "$here/inline-encrypted-to-stranger.asc"
printf '%s\n' "$text" | g --clearsign --local-user 'Alice Reporter' > "$here/cleartext-signed.asc"
echo "fixtures written to $here"
