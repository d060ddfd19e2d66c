package org.csirtgateway.evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.csirtgateway.indicator.Indicator;
import org.csirtgateway.parse.Evidence;
import org.csirtgateway.parse.ReportField;

/** The stored details of one message on a ticket. Everything in it is reporter-controlled: render escaped. */
public record MessageDetails(List<Evidence> evidence, List<AttachmentView> attachments, List<ReportField> fields,
                             List<Indicator> indicators) {

    public static final MessageDetails NONE = new MessageDetails(List.of(), List.of(), List.of(), List.of());

    public MessageDetails {
        evidence = List.copyOf(evidence);
        attachments = List.copyOf(attachments);
        fields = List.copyOf(fields);
        indicators = List.copyOf(indicators);
    }

    /** Attachments of the report itself (0) or of one forwarded message. */
    public List<AttachmentView> attachmentsOf(int evidencePosition) {
        return attachments.stream().filter(a -> a.evidencePosition() == evidencePosition).toList();
    }

    /** Indicators grouped by type, each value once with all the places it was found. */
    public Map<String, List<GroupedIndicator>> indicatorsByType() {
        Map<String, Map<String, List<String>>> byType = new LinkedHashMap<>();
        for (Indicator i : indicators) {
            byType.computeIfAbsent(i.type(), t -> new LinkedHashMap<>())
                    .computeIfAbsent(i.value(), v -> new ArrayList<>()).add(i.source());
        }
        Map<String, List<GroupedIndicator>> result = new LinkedHashMap<>();
        byType.forEach((type, values) -> result.put(type, values.entrySet().stream()
                .map(e -> new GroupedIndicator(e.getKey(), List.copyOf(e.getValue()))).toList()));
        return result;
    }

    public record GroupedIndicator(String value, List<String> sources) {
    }
}
