package dev.fleetway.db;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.SecretKeyFactorySpi;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives a SCRAM login's salted password once per process instead of once per connection. A
 * {@code scram-sha-256} login makes the client run PBKDF2-HMAC-SHA-256 over the password with the role's salt
 * and iteration count (4096 by default): a few milliseconds of CPU on a warm JVM, several times that while it
 * starts, and the same inputs on every connection of a fleet run (one role, one server, a connection per
 * target). Measured before this cache, it was half the CPU of a fleet run that applies one migration.
 *
 * <p>The PostgreSQL driver asks the JCA for {@code SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")};
 * {@link #install()} puts a provider first in the list whose factory answers from a small cache keyed by a
 * SHA-256 of (password, salt, iterations, key length) and derives anything else with the JDK's own factory. The
 * result is the same bytes; only the time differs. The cache holds derived keys, never passwords.
 */
public final class ScramKeyCache {
    static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int ENTRIES = 64;
    private static final Map<String, byte[]> DERIVED = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                    return size() > ENTRIES;
                }
            });
    private static volatile boolean installed;

    private ScramKeyCache() {
    }

    /** Puts the caching provider first; idempotent. */
    public static void install() {
        if (installed) {
            return;
        }
        synchronized (ScramKeyCache.class) {
            if (!installed) {
                Security.insertProviderAt(new CachingProvider(), 1);
                installed = true;
            }
        }
    }

    /**
     * A provider of this class's cache (for tests: under Quarkus' test class loaders the installed provider may be
     * another loader's copy of this class, with a cache of its own).
     */
    static Provider provider() {
        return new CachingProvider();
    }

    /** Whether the cache holds the derivation of {@code spec} (for tests). */
    static boolean holds(PBEKeySpec spec) throws NoSuchAlgorithmException {
        return DERIVED.containsKey(cacheKey(spec));
    }

    /** The JDK's own factory, found past this provider. */
    private static SecretKeyFactory jdkFactory() throws NoSuchAlgorithmException {
        for (Provider provider : Security.getProviders("SecretKeyFactory." + ALGORITHM)) {
            if (!(provider instanceof CachingProvider)) {
                return SecretKeyFactory.getInstance(ALGORITHM, provider);
            }
        }
        throw new NoSuchAlgorithmException(ALGORITHM + " is not available");
    }

    private static String cacheKey(PBEKeySpec spec) throws NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        ByteBuffer password = StandardCharsets.UTF_8.encode(CharBuffer.wrap(spec.getPassword()));
        byte[] bytes = new byte[password.remaining()];
        password.get(bytes);
        sha.update(bytes);
        Arrays.fill(bytes, (byte) 0);
        sha.update((byte) 0);
        sha.update(spec.getSalt());
        sha.update(ByteBuffer.allocate(8).putInt(spec.getIterationCount()).putInt(spec.getKeyLength()).array());
        return HexFormat.of().formatHex(sha.digest());
    }

    private static final class CachingProvider extends Provider {
        private static final long serialVersionUID = 1L;

        CachingProvider() {
            super("FleetwayScramKeyCache", "1.0", "PBKDF2WithHmacSHA256 with a per-process cache for SCRAM logins");
            // A Service that builds its SPI itself: no reflection, so it works the same in a native image.
            putService(new Service(this, "SecretKeyFactory", ALGORITHM, CachingFactory.class.getName(), null, null) {
                @Override
                public Object newInstance(Object constructorParameter) {
                    return new CachingFactory();
                }
            });
        }
    }

    private static final class CachingFactory extends SecretKeyFactorySpi {
        @Override
        protected SecretKey engineGenerateSecret(KeySpec keySpec) throws InvalidKeySpecException {
            if (!(keySpec instanceof PBEKeySpec spec) || spec.getSalt() == null) {
                throw new InvalidKeySpecException("a PBEKeySpec with a salt is needed");
            }
            try {
                String key = cacheKey(spec);
                byte[] derived = DERIVED.get(key);
                if (derived == null) {
                    derived = jdkFactory().generateSecret(spec).getEncoded();
                    DERIVED.put(key, derived);
                }
                return new SecretKeySpec(derived.clone(), ALGORITHM);
            } catch (NoSuchAlgorithmException e) {
                throw new InvalidKeySpecException(e);
            }
        }

        @Override
        protected KeySpec engineGetKeySpec(SecretKey key, Class<?> keySpec) throws InvalidKeySpecException {
            try {
                return jdkFactory().getKeySpec(key, keySpec);
            } catch (NoSuchAlgorithmException e) {
                throw new InvalidKeySpecException(e);
            }
        }

        @Override
        protected SecretKey engineTranslateKey(SecretKey key) throws InvalidKeyException {
            try {
                return jdkFactory().translateKey(key);
            } catch (GeneralSecurityException e) {
                throw new InvalidKeyException(e);
            }
        }
    }
}
