package org.csirtgateway.parse;

import java.util.List;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.BodyDescriptorBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.util.MimeUtil;

/**
 * Sees every header field Mime4j reads, of the message and of each part, before it is kept: a field longer than
 * {@link IntakeLimits#maxHeaderBytes()} is cut to it with a parse warning naming the field (a recipient list of
 * thousands should not cost the report), and a header block over {@link IntakeLimits#maxHeaderBlockBytes()} stops the
 * reading ({@link BlockTooLarge}), so the message is quarantined instead of held in memory.
 */
final class HeaderLimits implements BodyDescriptorBuilder {

    private final IntakeLimits limits;
    private final List<String> warnings;
    private final BodyDescriptorBuilder descriptor;
    /** Bytes of the fields of the current header block read so far. */
    private long blockBytes;

    HeaderLimits(IntakeLimits limits, List<String> warnings, DecodeMonitor monitor) {
        this(limits, warnings, new DefaultBodyDescriptorBuilder(null, LenientFieldParser.getParser(), monitor));
    }

    private HeaderLimits(IntakeLimits limits, List<String> warnings, BodyDescriptorBuilder descriptor) {
        this.limits = limits;
        this.warnings = warnings;
        this.descriptor = descriptor;
    }

    @Override
    public void reset() {
        blockBytes = 0;
        descriptor.reset();
    }

    @Override
    public Field addField(RawField field) throws MimeException {
        long size = size(field);
        blockBytes += size;
        if (blockBytes > limits.maxHeaderBlockBytes()) {
            throw new BlockTooLarge();
        }
        RawField kept = size > limits.maxHeaderBytes() ? cut(field) : field;
        Field described = descriptor.addField(kept);
        return described != null ? described : kept;
    }

    @Override
    public BodyDescriptor build() {
        return descriptor.build();
    }

    @Override
    public BodyDescriptorBuilder newChild() {
        return new HeaderLimits(limits, warnings, descriptor.newChild());
    }

    /** The field's bytes as read, folded lines and the name together. */
    private static long size(RawField field) {
        if (field.getRaw() != null) {
            return field.getRaw().length();
        }
        String body = field.getBody();
        return field.getName().length() + 2L + (body == null ? 0 : body.length());
    }

    /**
     * The field unfolded and cut to the per-field limit, name included; at the last comma when there is one in the
     * second half, so a list of addresses ends with a whole address.
     */
    private RawField cut(RawField field) {
        int limit = limits.maxHeaderBytes();
        String name = field.getName();
        String body = field.getBody() == null ? "" : MimeUtil.unfold(field.getBody());
        int keep = Math.max(0, Math.min(body.length(), limit - name.length() - 2));
        int comma = body.lastIndexOf(',', keep);
        if (comma > keep / 2) {
            keep = comma;
        }
        warnings.add("Header field '" + name + "' is longer than " + limit + " bytes; cut to " + limit + " bytes");
        return new RawField(name, body.substring(0, keep));
    }

    /**
     * One header block is larger than {@link IntakeLimits#maxHeaderBlockBytes()}. Unchecked on purpose: Mime4j reads a
     * {@link MimeException} from a field as a malformed line and would go on with the rest as body.
     */
    static final class BlockTooLarge extends RuntimeException {
        BlockTooLarge() {
            super("header block too large", null, false, false);
        }
    }
}
