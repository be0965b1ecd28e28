package dev.fleetway.lint;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The result of linting a set of migrations: every finding, suppressed ones included, in {@link Finding#ORDER}.
 * {@code fleetway lint} fails when {@link #errors()} is not zero.
 *
 * @param findings the findings; sorted and copied on construction, so the report is immutable and stable
 */
@RegisterForReflection
@JsonPropertyOrder({ "errors", "warnings", "infos", "suppressed", "findings" })
public record LintReport(List<Finding> findings) {

    public LintReport {
        findings = findings.stream().sorted(Finding.ORDER).toList();
    }

    /** Unsuppressed errors: what fails the lint. */
    @JsonProperty("errors")
    public int errors() {
        return count(Severity.ERROR);
    }

    /** Unsuppressed warnings. */
    @JsonProperty("warnings")
    public int warnings() {
        return count(Severity.WARNING);
    }

    /** Unsuppressed infos (statements the linter could not check). */
    @JsonProperty("infos")
    public int infos() {
        return count(Severity.INFO);
    }

    /** Findings allowed by a {@code -- fleetway:allow} comment, whatever their severity. */
    @JsonProperty("suppressed")
    public int suppressed() {
        return (int) findings.stream().filter(Finding::suppressed).count();
    }

    private int count(Severity severity) {
        return (int) findings.stream().filter(f -> f.severity() == severity && !f.suppressed()).count();
    }
}
