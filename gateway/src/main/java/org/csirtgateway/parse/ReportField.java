package org.csirtgateway.parse;

/**
 * One field of a machine-readable report.
 *
 * @param format ARF (RFC 5965 feedback report), X-ARF (0.2 YAML or v4 JSON) or DSN (RFC 3464 delivery status)
 * @param name   as the report names it, e.g. Feedback-Type, Source-IP, Report.SourceIp, Final-Recipient
 */
public record ReportField(String format, String name, String value) {

    public static final String ARF = "ARF";
    public static final String XARF = "X-ARF";
    public static final String DSN = "DSN";
}
