package dev.fleetway.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Checks a duration option ({@code 30s}, {@code 5m}, {@code 500ms}, {@code 1h}, a plain number of seconds, or
 * ISO-8601 {@code PT30S}) and keeps it as text: configuration converts it, so the CLI and every other layer
 * accept exactly the same forms.
 */
final class DurationConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
        java.time.Duration duration;
        try {
            duration = new io.quarkus.runtime.configuration.DurationConverter().convert(value);
        } catch (RuntimeException e) {
            throw new TypeConversionException("'" + value + "' is not a duration (use 30s, 5m, 1h or PT30S)");
        }
        if (duration == null || duration.isNegative()) {
            throw new TypeConversionException("'" + value + "' is a negative duration (use 0 or more, e.g. 30s)");
        }
        return value;
    }
}
