package dev.fleetway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/** Reads the version the build wrote into {@code fleetway-version.properties}. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/fleetway-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return new String[] { "fleetway " + p.getProperty("version", "unknown") };
    }
}
