package dev.fatigueguard.topology;

import dev.fatigueguard.avro.ContactDecision;
import dev.fatigueguard.avro.WindowCount;
import dev.fatigueguard.serde.DatumWriterFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Writes {@link ContactDecision}s, alone or inside another record (the suppressed copy), field by
 * field, and everything else as Avro's {@link SpecificDatumWriter} does.
 *
 * <p>Why: every message the guard judges writes one decision event. Avro generates no fast coder
 * for a record with logical types (the timestamps here), so its writer walks the schema per field,
 * resolving each union by the value's type and converting each {@code Instant}. This class makes
 * the same encoder calls in the same order, so the bytes are the same ({@code
 * DecisionEventWriterTest} compares the two on random decisions).
 *
 * <p>It is written for one version of {@code ContactDecision.avsc}. If that file changes, {@link
 * #FACTORY} hands out Avro's own writer until {@link #WRITTEN_FOR} is updated along with the code
 * below, and the test fails until then.
 */
final class DecisionEventWriter extends SpecificDatumWriter<Object> {

  /** The 64-bit fingerprint of the full JSON of the schema this class writes. */
  static final long WRITTEN_FOR = 0xe8644d76a6774da0L;

  /** Makes this writer for schemas that contain the decision event, Avro's for all others. */
  static final DatumWriterFactory FACTORY =
      (schema, model) ->
          matchesGeneratedSchema() && !decisionSchemasIn(schema).isEmpty()
              ? new DecisionEventWriter(schema, model)
              : DatumWriterFactory.SPECIFIC.create(schema, model);

  /**
   * The schema objects, within the one this writer was made for, that are the decision event (the
   * root itself, or a field's). Compared by identity on the hot path; never changed after
   * construction, so one writer can serve every stream thread.
   */
  private final Set<Schema> decisionSchemas;

  private DecisionEventWriter(Schema root, SpecificData model) {
    super(root, model);
    this.decisionSchemas = decisionSchemasIn(root);
  }

  static long fingerprint(Schema schema) {
    return SchemaNormalization.fingerprint64(schema.toString().getBytes(StandardCharsets.UTF_8));
  }

  static boolean matchesGeneratedSchema() {
    return fingerprint(ContactDecision.SCHEMA$) == WRITTEN_FOR;
  }

  private static Set<Schema> decisionSchemasIn(Schema root) {
    Set<Schema> found = Collections.newSetFromMap(new IdentityHashMap<>());
    collect(root, found, Collections.newSetFromMap(new IdentityHashMap<>()));
    return Collections.unmodifiableSet(found);
  }

  private static void collect(Schema schema, Set<Schema> found, Set<Schema> seen) {
    if (!seen.add(schema)) {
      return;
    }
    switch (schema.getType()) {
      case RECORD -> {
        if (schema.equals(ContactDecision.SCHEMA$)) {
          found.add(schema);
          return;
        }
        schema.getFields().forEach(f -> collect(f.schema(), found, seen));
      }
      case UNION -> schema.getTypes().forEach(t -> collect(t, found, seen));
      case ARRAY -> collect(schema.getElementType(), found, seen);
      case MAP -> collect(schema.getValueType(), found, seen);
      default -> {
        // primitives, enums and fixed hold no records
      }
    }
  }

  @Override
  protected void writeRecord(Schema schema, Object datum, Encoder out) throws IOException {
    if (datum instanceof ContactDecision decision && decisionSchemas.contains(schema)) {
      write(decision, out);
    } else {
      super.writeRecord(schema, datum, out);
    }
  }

  /** The fields in schema order; a union is its branch index, then the branch's value. */
  private static void write(ContactDecision d, Encoder out) throws IOException {
    out.writeString(required(d.getMessageId(), "messageId"));
    out.writeString(required(d.getCustomerId(), "customerId"));
    writeOptional(d.getTenant(), out);
    out.writeEnum(required(d.getChannel(), "channel").ordinal());
    out.writeString(required(d.getCategory(), "category"));
    writeOptional(d.getCampaignId(), out);
    out.writeEnum(required(d.getDecision(), "decision").ordinal());
    if (d.getReason() == null) {
      out.writeIndex(0);
    } else {
      out.writeIndex(1);
      out.writeEnum(d.getReason().ordinal());
    }
    writeOptional(d.getRuleId(), out);
    writeOptional(d.getDetail(), out);
    List<WindowCount> counts = required(d.getWindowCounts(), "windowCounts");
    out.writeArrayStart();
    out.setItemCount(counts.size());
    for (WindowCount c : counts) {
      out.startItem();
      out.writeString(required(c.getRuleId(), "windowCounts.ruleId"));
      out.writeInt(required(c.getUsed(), "windowCounts.used"));
      out.writeInt(required(c.getMax(), "windowCounts.max"));
      out.writeString(required(c.getWindow(), "windowCounts.window"));
    }
    out.writeArrayEnd();
    out.writeLong(required(d.getDecidedAt(), "decidedAt").toEpochMilli());
    writeOptional(d.getReleaseAt(), out);
    writeOptional(d.getHeldSince(), out);
    out.writeLong(required(d.getMessageCreatedAt(), "messageCreatedAt").toEpochMilli());
    out.writeInt(required(d.getPriority(), "priority"));
  }

  private static void writeOptional(String value, Encoder out) throws IOException {
    if (value == null) {
      out.writeIndex(0);
    } else {
      out.writeIndex(1);
      out.writeString(value);
    }
  }

  private static void writeOptional(Instant value, Encoder out) throws IOException {
    if (value == null) {
      out.writeIndex(0);
    } else {
      out.writeIndex(1);
      out.writeLong(value.toEpochMilli());
    }
  }

  /**
   * Avro's writer refuses a null in a field that is not a union with null; so does this one, naming
   * the field (an NPE would lose the name to Avro's summary of the path).
   */
  private static <T> T required(T value, String field) {
    if (value == null) {
      throw new AvroRuntimeException(
          "null value for (non-nullable) field ContactDecision." + field);
    }
    return value;
  }
}
