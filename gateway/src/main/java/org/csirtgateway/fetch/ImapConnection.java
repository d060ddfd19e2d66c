package org.csirtgateway.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Properties;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.csirtgateway.config.ConfigException;

/**
 * How the gateway talks to an IMAP server: TLS with certificate and host name verification always on for imaps and
 * starttls (STARTTLS required, never silently skipped), the JVM's trusted CAs or a configured trust store for a private
 * CA, plain only when the configuration explicitly allowed it. Messages are fetched with BODY.PEEK so that fetching
 * never marks them \Seen before they are kept, and in chunks so that a large message streams to the archive.
 */
final class ImapConnection {

    private ImapConnection() {
    }

    static Properties properties(ImapSettings settings) {
        Properties props = new Properties();
        String protocol = settings.security().equals("imaps") ? "imaps" : "imap";
        String prefix = "mail." + protocol + ".";
        props.put(prefix + "connectiontimeout", "10000");
        props.put(prefix + "timeout", "60000");
        props.put(prefix + "writetimeout", "60000");
        props.put(prefix + "peek", "true");
        props.put(prefix + "partialfetch", "true");
        props.put(prefix + "fetchsize", String.valueOf(1024 * 1024));
        if (settings.security().equals("starttls")) {
            props.put("mail.imap.starttls.enable", "true");
            props.put("mail.imap.starttls.required", "true");
        }
        if (!settings.security().equals("plain")) {
            props.put(prefix + "ssl.checkserveridentity", "true");
            props.put(prefix + "ssl.protocols", "TLSv1.3 TLSv1.2");
            if (settings.trustStore().isPresent()) {
                props.put(prefix + "ssl.socketFactory", socketFactory(settings));
            }
        }
        return props;
    }

    /** A readable reason for a connection or protocol failure, without credentials (servers never echo them). */
    static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
            message += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return message.length() > 500 ? message.substring(0, 500) + "..." : message;
    }

    private static SSLSocketFactory socketFactory(ImapSettings settings) {
        String key = settings.channel() + " (imap.trustStore)";
        try (InputStream in = Files.newInputStream(settings.trustStore().orElseThrow())) {
            char[] password = settings.trustStorePassword().isEmpty() ? null
                    : settings.trustStorePassword().toCharArray();
            KeyStore trusted = loadAnyType(in.readAllBytes(), password);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException e) {
            throw new ConfigException("Trust store of channel " + key + " cannot be read: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new ConfigException("Trust store of channel " + key + " is not usable: " + e.getMessage(), e);
        }
    }

    /** PKCS12 (the JDK's default since 9) or JKS, whichever the file is. */
    private static KeyStore loadAnyType(byte[] bytes, char[] password) throws GeneralSecurityException, IOException {
        GeneralSecurityException last = null;
        IOException lastIo = null;
        for (String type : new String[] {"PKCS12", "JKS"}) {
            try {
                KeyStore store = KeyStore.getInstance(type);
                store.load(new java.io.ByteArrayInputStream(bytes), password);
                if (store.size() == 0) {
                    throw new java.security.KeyStoreException("it holds no certificates");
                }
                return store;
            } catch (GeneralSecurityException e) {
                last = e;
            } catch (IOException e) {
                lastIo = e;
            }
        }
        if (lastIo != null) {
            throw new IOException("not a PKCS12 or JKS file, or the password is wrong (" + lastIo.getMessage() + ")",
                    lastIo);
        }
        throw last;
    }
}
