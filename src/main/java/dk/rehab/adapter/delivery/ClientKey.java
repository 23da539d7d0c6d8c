package dk.rehab.adapter.delivery;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.text.ParseException;
import java.util.Base64;

/**
 * The private key the adapter signs its client assertions with, for one endpoint: read once at start from a JWK (or a JWK
 * Set: its first private key) file, a PKCS#8 PEM file, or an inline PEM. RSA keys sign RS384, EC P-384 keys ES384 — the
 * two algorithms SMART Backend Services names. The key is never logged; errors name the file, never its content.
 *
 * @param algorithm RS384 or ES384
 * @param keyId the {@code kid} the assertion carries (null only when none can be known)
 */
record ClientKey(JWSAlgorithm algorithm, String keyId, JWSSigner signer) {

    /** Reads {@code key} (a path or an inline PEM); {@code keyId} overrides the key's own id. */
    static ClientKey load(String key, String keyId, String entry) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException(entry + ".key: a token-url needs the client's private key (a JWK file or a PKCS#8 PEM)");
        }
        String text;
        String where;
        if (key.trim().startsWith("-----BEGIN")) {
            text = key.trim();
            where = entry + ".key (inline PEM)";
        } else {
            where = entry + ".key " + key;
            try {
                text = Files.readString(Path.of(key), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + where + ": " + e.getClass().getSimpleName());
            }
        }
        try {
            return text.startsWith("{") ? fromJwk(text, keyId, where) : fromPem(text, keyId, where);
        } catch (JOSEException | GeneralSecurityException | ParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " is not a usable private key (RSA, or EC P-384; JWK or PKCS#8 PEM): "
                    + e.getClass().getSimpleName() + (e instanceof IllegalArgumentException && e.getMessage() != null ? " " + e.getMessage() : ""));
        }
    }

    private static ClientKey fromJwk(String json, String keyId, String where) throws ParseException, JOSEException {
        JWK jwk;
        if (json.contains("\"keys\"")) {
            jwk = JWKSet.parse(json).getKeys().stream().filter(JWK::isPrivate).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("the JWK Set holds no private key"));
        } else {
            jwk = JWK.parse(json);
        }
        if (!jwk.isPrivate()) {
            throw new IllegalArgumentException("the JWK holds no private key");
        }
        String kid = keyId != null && !keyId.isBlank() ? keyId : jwk.getKeyID() != null ? jwk.getKeyID() : jwk.computeThumbprint().toString();
        if (jwk instanceof RSAKey rsa) {
            return new ClientKey(JWSAlgorithm.RS384, kid, new RSASSASigner(rsa));
        }
        if (jwk instanceof ECKey ec) {
            if (!com.nimbusds.jose.jwk.Curve.P_384.equals(ec.getCurve())) {
                throw new IllegalArgumentException("ES384 needs a P-384 key, this is " + ec.getCurve());
            }
            return new ClientKey(JWSAlgorithm.ES384, kid, new ECDSASigner(ec));
        }
        throw new IllegalArgumentException("the JWK is neither RSA nor EC");
    }

    private static ClientKey fromPem(String pem, String keyId, String where) throws GeneralSecurityException, JOSEException {
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException("a PEM key must be PKCS#8 (-----BEGIN PRIVATE KEY-----); convert with openssl pkcs8 -topk8 -nocrypt");
        }
        String base64 = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"))
                .replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
        PrivateKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePrivate(spec);
        } catch (GeneralSecurityException notRsa) {
            key = KeyFactory.getInstance("EC").generatePrivate(spec);
        }
        String kid = keyId != null && !keyId.isBlank() ? keyId : null;
        if (key instanceof RSAPrivateKey rsa) {
            if (kid == null && rsa instanceof RSAPrivateCrtKey crt) {
                RSAPublicKey pub = (RSAPublicKey) KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
                kid = new RSAKey.Builder(pub).build().computeThumbprint().toString();
            }
            return new ClientKey(JWSAlgorithm.RS384, kid, new RSASSASigner(rsa));
        }
        ECPrivateKey ec = (ECPrivateKey) key;
        if (ec.getParams().getCurve().getField().getFieldSize() != 384) {
            throw new IllegalArgumentException("ES384 needs a P-384 key, this one has " + ec.getParams().getCurve().getField().getFieldSize() + " bits");
        }
        if (kid == null) {
            throw new IllegalArgumentException("an EC key in PEM form carries no key id: set key-id to the kid the receiver registered");
        }
        return new ClientKey(JWSAlgorithm.ES384, kid, new ECDSASigner(ec));
    }

    @Override
    public String toString() {
        return "ClientKey[" + algorithm + ", kid=" + keyId + "]"; // never the key
    }
}
