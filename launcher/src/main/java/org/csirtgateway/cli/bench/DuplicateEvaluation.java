package org.csirtgateway.cli.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.csirtgateway.index.IndexedMessage;
import org.csirtgateway.index.ReportIndex;
import org.csirtgateway.index.SimilarMessage;
import org.csirtgateway.indicator.IndicatorExtractor;
import org.csirtgateway.search.ExtractedIndicators;

/**
 * The labelled evaluation set of near-duplicate detection, and its measurement.
 *
 * <p>From a seed, {@link SyntheticReports} writes incidents, each reported once (an existing ticket), plus unrelated
 * tickets as distractors. Then come the labelled new messages: for every incident its duplicates (reworded, re-sent
 * with a new greeting and signature, forwarded with quoting, reported by another party in other words), and
 * non-duplicates (hard negatives: the same template and wording about another incident; related incidents sharing
 * one indicator; fresh incidents). Each new message is checked against the index: a duplicate is found (true
 * positive) when the best proposal is its incident's ticket; any proposal for a non-duplicate, or a wrong ticket, is
 * a false positive.
 */
public final class DuplicateEvaluation {

    /** The kinds of labelled message. */
    public enum Variant {
        REWORDED(true), RESENT_NEW_GREETING_AND_SIGNATURE(true), FORWARDED_WITH_QUOTING(true), OTHER_REPORTER(true),
        SAME_TEMPLATE_OTHER_INCIDENT(false), RELATED_SHARES_ONE_INDICATOR(false), UNRELATED(false);

        final boolean duplicate;

        Variant(boolean duplicate) {
            this.duplicate = duplicate;
        }
    }

    /** A labelled new message: the ticket it duplicates, or null. */
    public record Labelled(Variant variant, String duplicateOf, IndexedMessage message) {
    }

    /** The measured figures. */
    public record Figures(int duplicates, int nonDuplicates, int truePositives, int falsePositives,
                          Map<Variant, int[]> perVariant, double threshold, int tickets) {

        public double precision() {
            return truePositives + falsePositives == 0 ? 1 : truePositives / (double) (truePositives + falsePositives);
        }

        public double recall() {
            return duplicates == 0 ? 1 : truePositives / (double) duplicates;
        }

        public String describe() {
            StringBuilder out = new StringBuilder();
            out.append(String.format("Near-duplicate evaluation: %d existing tickets, %d duplicates, %d non-duplicates,"
                    + " threshold %.2f%n", tickets, duplicates, nonDuplicates, threshold));
            out.append(String.format("  precision %.4f  recall %.4f  (true positives %d, false positives %d, "
                    + "missed %d)%n", precision(), recall(), truePositives, falsePositives,
                    duplicates - truePositives));
            perVariant.forEach((variant, counts) -> out.append(String.format("  %-36s %4d messages, %4d %s%n",
                    variant.name().toLowerCase().replace('_', ' '), counts[0], counts[1],
                    variant.duplicate ? "found" : "wrongly proposed")));
            return out.toString();
        }
    }

    /** Per variant, the lowest and highest score of the relevant proposal seen in the last measurement. */
    private final Map<Variant, double[]> scores = new LinkedHashMap<>();

    /** The wrong proposals of the last measurement, one line each. */
    private final List<String> mistakes = new ArrayList<>();

    private final List<IndexedMessage> existing;
    private final List<Labelled> labelled;

    private DuplicateEvaluation(List<IndexedMessage> existing, List<Labelled> labelled) {
        this.existing = existing;
        this.labelled = labelled;
    }

    /** The set of {@code incidents} incidents (and as many distractor tickets again) from {@code seed}. */
    public static DuplicateEvaluation generate(long seed, int incidents) {
        SyntheticReports reports = new SyntheticReports(seed);
        List<IndexedMessage> existing = new ArrayList<>();
        List<Labelled> labelled = new ArrayList<>();
        int nextId = 0;
        for (int i = 0; i < incidents; i++) {
            SyntheticReports.Incident incident = reports.incident(nextId++, 30);
            int phrasing = reports.random().nextInt(3);
            SyntheticReports.Report first = reports.write(incident, phrasing);
            String ticket = ticket(incident.id());
            existing.add(message("e" + incident.id(), ticket, first, incident.at()));
            boolean ja = incident.japanese();
            Instant later = incident.at().plusSeconds(3_600);
            labelled.add(new Labelled(Variant.REWORDED, ticket,
                    message("r" + i, "new", reports.reword(first, ja), later)));
            labelled.add(new Labelled(Variant.RESENT_NEW_GREETING_AND_SIGNATURE, ticket,
                    message("s" + i, "new", reports.resend(incident, phrasing), later)));
            labelled.add(new Labelled(Variant.FORWARDED_WITH_QUOTING, ticket,
                    message("f" + i, "new", reports.forward(first, ja), later)));
            SyntheticReports.Report other = reports.write(incident, phrasing + 1 + reports.random().nextInt(2));
            if (reports.random().nextBoolean()) {
                // another party also reports what it saw itself, e.g. the mail server that delivered the lure
                List<org.csirtgateway.index.Indicator> own = new ArrayList<>(other.indicators());
                own.add(new org.csirtgateway.index.Indicator(org.csirtgateway.index.Indicator.IP, reports.ip()));
                other = new SyntheticReports.Report(other.subject(), other.body() + "\nAlso seen from "
                        + own.get(own.size() - 1).value() + ".\n", other.sender(), own);
            }
            labelled.add(new Labelled(Variant.OTHER_REPORTER, ticket, message("o" + i, "new", other, later)));

            SyntheticReports.Incident sameTemplate = reports.sameTemplateOtherIncident(nextId++, incident);
            labelled.add(new Labelled(Variant.SAME_TEMPLATE_OTHER_INCIDENT, null,
                    message("t" + i, "new", reports.write(sameTemplate, phrasing), sameTemplate.at())));
            if (i % 2 == 0) {
                SyntheticReports.Incident related = reports.sharingOneIndicator(nextId++, incident);
                labelled.add(new Labelled(Variant.RELATED_SHARES_ONE_INDICATOR, null,
                        message("l" + i, "new", reports.write(related, 0), related.at())));
                SyntheticReports.Incident fresh = reports.incident(nextId++, 30);
                labelled.add(new Labelled(Variant.UNRELATED, null,
                        message("u" + i, "new", reports.write(fresh, 0), fresh.at())));
            }
            // a distractor ticket: another incident already on file
            SyntheticReports.Incident distractor = reports.incident(nextId++, 30);
            existing.add(message("d" + distractor.id(), ticket(distractor.id()),
                    reports.write(distractor, reports.random().nextInt(3)), distractor.at()));
        }
        return new DuplicateEvaluation(existing, labelled);
    }

    /** Indexes the existing tickets in {@code indexDir} and checks every labelled message at {@code threshold}. */
    public Figures measure(Path indexDir, double threshold) throws IOException {
        try (ReportIndex index = ReportIndex.open(indexDir)) {
            index.deleteAll();
            index.indexAll(existing);
            index.commit();
            int tp = 0;
            int fp = 0;
            int duplicates = 0;
            Map<Variant, int[]> perVariant = new LinkedHashMap<>();
            scores.clear();
            mistakes.clear();
            for (Variant variant : Variant.values()) {
                perVariant.put(variant, new int[2]);
            }
            for (Labelled item : labelled) {
                List<SimilarMessage> all = index.similarTo(item.message(), null, 0.01);
                List<SimilarMessage> proposals = all.stream().filter(p -> p.score() >= threshold).toList();
                int[] counts = perVariant.get(item.variant());
                counts[0]++;
                double[] range = scores.computeIfAbsent(item.variant(), v -> new double[] {1, 0});
                double best = item.duplicateOf() == null
                        ? (all.isEmpty() ? 0 : all.get(0).score())
                        : all.stream().filter(p -> p.ticketId().equals(item.duplicateOf()))
                                .mapToDouble(SimilarMessage::score).findFirst().orElse(0);
                range[0] = Math.min(range[0], best);
                range[1] = Math.max(range[1], best);
                if (item.duplicateOf() != null) {
                    duplicates++;
                    if (!proposals.isEmpty() && proposals.get(0).ticketId().equals(item.duplicateOf())) {
                        tp++;
                        counts[1]++;
                    } else if (!proposals.isEmpty()) {
                        fp++;
                    }
                } else if (!proposals.isEmpty()) {
                    fp++;
                    counts[1]++;
                    SimilarMessage wrong = proposals.get(0);
                    mistakes.add(String.format("%s %s -> %s score %.3f text %.3f indicators %.3f; new: %s",
                            item.variant(), item.message().messageKey(), wrong.ticketId(), wrong.score(),
                            wrong.textSimilarity(), wrong.indicatorOverlap(), item.message().indicators()));
                }
            }
            return new Figures(duplicates, labelled.size() - duplicates, tp, fp, perVariant, threshold,
                    existing.size());
        }
    }

    /** Writes the set as readable text: every existing ticket and labelled message, separated by lines of '='. */
    public void write(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("# Near-duplicate evaluation set, generated by DuplicateEvaluation.generate (seeded).\n");
            for (IndexedMessage message : existing) {
                out.write(block("EXISTING " + message.ticketId(), message));
            }
            for (Labelled item : labelled) {
                out.write(block("NEW " + item.variant() + " duplicate-of=" + item.duplicateOf(), item.message()));
            }
        }
    }

    /** Lowest and highest score per variant in the last {@link #measure}: for the duplicates, of the right ticket. */
    public String scoreRanges() {
        StringBuilder out = new StringBuilder("  score ranges (min..max of the right ticket / of the best wrong one):\n");
        scores.forEach((variant, range) -> out.append(String.format("    %-36s %.3f..%.3f%n",
                variant.name().toLowerCase().replace('_', ' '), range[0], range[1])));
        return out.toString();
    }

    public List<String> mistakes() {
        return List.copyOf(mistakes);
    }

    public int size() {
        return labelled.size();
    }

    private static String block(String header, IndexedMessage message) {
        return "==== " + header + "\nSubject: " + message.subject() + "\nFrom: " + message.sender() + "\nIndicators: "
                + message.indicators().stream().map(i -> i.type() + "=" + i.value()).collect(Collectors.joining(" "))
                + "\n\n" + message.body() + "\n";
    }

    private static String ticket(int incident) {
        return String.format("EVAL#%06d", incident);
    }

    /**
     * The message as the gateway indexes a plain-text report: indicators found in its body by the parser's
     * {@link IndicatorExtractor} (the generator's own list of indicators is only used to write the text), so the
     * figures are those of the running pipeline, forwarding headers, signatures and all.
     */
    private static final IndicatorExtractor EXTRACTOR = IndicatorExtractor.withoutAllowlist();

    private static IndexedMessage message(String key, String ticket, SyntheticReports.Report report, Instant at) {
        return IndexedMessage.builder(key, ticket, at).subject(report.subject()).sender(report.sender())
                .body(report.body()).indicators(ExtractedIndicators.forIndex(EXTRACTOR.extract(report.body(), "body")))
                .status("new").channel("csirt").build();
    }
}
