package io.weka.aws.operator.resources;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** PEM armour (RFC 7468) for the keys and certificates the operator generates, written by BouncyCastle. */
public final class Pem {
    private Pem() {
    }

    /** {@code -----BEGIN <type>-----}, the DER in lines of 64 base64 characters, {@code -----END <type>-----}. */
    public static String encode(String type, byte[] der) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return text.toString();
    }
}
