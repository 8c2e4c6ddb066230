package dev.fatigueguard.serde;

import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Makes the writer a {@link SpecificAvroSerializer} encodes records of their own schema with. The
 * default is Avro's {@link SpecificDatumWriter}; a type on a hot path may bring a writer that knows
 * its fields, provided it writes the same bytes (its tests must compare it with the default).
 */
@FunctionalInterface
public interface DatumWriterFactory {

  /** Avro's own writer, driven by the schema. */
  DatumWriterFactory SPECIFIC = SpecificDatumWriter::new;

  /**
   * @param schema the schema records are written with: the record's own
   * @param model the record class's data model, with its logical-type conversions
   */
  DatumWriter<Object> create(Schema schema, SpecificData model);
}
