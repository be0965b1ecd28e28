package dev.fleetway.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.security.Provider;
import java.security.Security;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.junit.jupiter.api.Test;

class ScramKeyCacheTest {
    private static final byte[] SALT = "0123456789abcdef".getBytes();

    @Test
    void theDriversLookupGetsTheCachingFactoryWhichDerivesWhatTheJdkDerives() throws Exception {
        ScramKeyCache.install();
        ScramKeyCache.install();
        SecretKeyFactory cached = SecretKeyFactory.getInstance(ScramKeyCache.ALGORITHM);
        assertThat(cached.getProvider().getName()).isEqualTo("FleetwayScramKeyCache");
        assertThat(Security.getProviders()).filteredOn(p -> p.getName().equals("FleetwayScramKeyCache")).hasSize(1);
        Provider jdk = Security.getProviders("SecretKeyFactory." + ScramKeyCache.ALGORITHM)[1];
        SecretKeyFactory plain = SecretKeyFactory.getInstance(ScramKeyCache.ALGORITHM, jdk);

        PBEKeySpec spec = new PBEKeySpec(("s3cret-pw-" + System.nanoTime()).toCharArray(), SALT, 4096,
                256);
        byte[] expected = plain.generateSecret(spec).getEncoded();
        assertThat(holds(cached, spec)).isFalse();
        assertThat(cached.generateSecret(spec).getEncoded()).isEqualTo(expected);
        assertThat(holds(cached, spec)).as("kept for the next login").isTrue();
        assertThat(cached.generateSecret(copy(spec)).getEncoded()).as("served from the cache").isEqualTo(expected);

        char[] password = spec.getPassword();
        for (PBEKeySpec other : new PBEKeySpec[] { new PBEKeySpec(password, "another salt".getBytes(), 4096, 256),
                new PBEKeySpec(password, SALT, 4097, 256), new PBEKeySpec("other-pw".toCharArray(), SALT, 4096, 256) }) {
            assertThat(cached.generateSecret(other).getEncoded()).isEqualTo(plain.generateSecret(other).getEncoded())
                    .isNotEqualTo(expected);
        }
    }

    /**
     * Asks the cache behind {@code factory}: the provider is installed once per JVM, by whichever class loader's
     * ScramKeyCache came first (a {@code @QuarkusTest}'s, when one ran earlier), and each loader has its own map.
     */
    private static boolean holds(SecretKeyFactory factory, PBEKeySpec spec) throws Exception {
        Method holds = factory.getProvider().getClass().getEnclosingClass().getDeclaredMethod("holds",
                PBEKeySpec.class);
        holds.setAccessible(true);
        return (boolean) holds.invoke(null, spec);
    }

    private static PBEKeySpec copy(PBEKeySpec spec) {
        return new PBEKeySpec(spec.getPassword(), spec.getSalt(), spec.getIterationCount(), spec.getKeyLength());
    }
}
