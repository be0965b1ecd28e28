package dev.fleetway.db;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(SecretKeyFactory.getInstance(ScramKeyCache.ALGORITHM).getProvider().getName())
                .as("what the driver's lookup gets").isEqualTo("FleetwayScramKeyCache");
        assertThat(Security.getProviders()).filteredOn(p -> p.getName().equals("FleetwayScramKeyCache")).hasSize(1);
        SecretKeyFactory cached = SecretKeyFactory.getInstance(ScramKeyCache.ALGORITHM, ScramKeyCache.provider());
        Provider jdk = Security.getProviders("SecretKeyFactory." + ScramKeyCache.ALGORITHM)[1];
        SecretKeyFactory plain = SecretKeyFactory.getInstance(ScramKeyCache.ALGORITHM, jdk);

        PBEKeySpec spec = new PBEKeySpec(("s3cret-pw-" + System.nanoTime()).toCharArray(), SALT, 4096,
                256);
        byte[] expected = plain.generateSecret(spec).getEncoded();
        assertThat(ScramKeyCache.holds(spec)).isFalse();
        assertThat(cached.generateSecret(spec).getEncoded()).isEqualTo(expected);
        assertThat(ScramKeyCache.holds(spec)).as("kept for the next login").isTrue();
        assertThat(cached.generateSecret(copy(spec)).getEncoded()).as("served from the cache").isEqualTo(expected);

        char[] password = spec.getPassword();
        for (PBEKeySpec other : new PBEKeySpec[] { new PBEKeySpec(password, "another salt".getBytes(), 4096, 256),
                new PBEKeySpec(password, SALT, 4097, 256), new PBEKeySpec("other-pw".toCharArray(), SALT, 4096, 256) }) {
            assertThat(cached.generateSecret(other).getEncoded()).isEqualTo(plain.generateSecret(other).getEncoded())
                    .isNotEqualTo(expected);
        }
    }

    private static PBEKeySpec copy(PBEKeySpec spec) {
        return new PBEKeySpec(spec.getPassword(), spec.getSalt(), spec.getIterationCount(), spec.getKeyLength());
    }
}
