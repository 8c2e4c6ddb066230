package dev.fatigueguard.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our decoder against Avro's own, on every Avro type, including the blocked arrays and maps
 * (negative item counts followed by byte sizes) that Avro's blocking encoder writes and other
 * writers may send.
 */
class BoundedBinaryDecoderTest {

  private static final Schema ALL_TYPES =
      new Schema.Parser()
          .parse(
              """
            {"type": "record", "name": "All", "namespace": "t", "fields": [
              {"name": "n", "type": "null"},
              {"name": "b", "type": "boolean"},
              {"name": "i", "type": "int"},
              {"name": "l", "type": "long"},
              {"name": "f", "type": "float"},
              {"name": "d", "type": "double"},
              {"name": "s", "type": "string"},
              {"name": "by", "type": "bytes"},
              {"name": "fx", "type": {"type": "fixed", "name": "F4", "size": 4}},
              {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A", "B", "C"]}},
              {"name": "a", "type": {"type": "array", "items": "long"}},
              {"name": "m", "type": {"type": "map", "values": {"type": "array", "items": "string"}}},
              {"name": "u", "type": ["null", "int", "string"]},
              {"name": "r", "type": {"type": "record", "name": "Inner", "fields": [{"name": "x", "type": "double"}]}},
              {"name": "last", "type": "string"}
            ]}""");

  /** Reads only the last field, so the resolver must skip every other one. */
  private static final Schema LAST_ONLY =
      new Schema.Parser()
          .parse(
              """
            {"type": "record", "name": "All", "namespace": "t", "fields": [{"name": "last", "type": "string"}]}""");

  private static GenericRecord randomRecord(Random random) {
    GenericRecord r = new GenericData.Record(ALL_TYPES);
    int[] ints = {0, -1, 1, 63, -64, 64, Integer.MAX_VALUE, Integer.MIN_VALUE, random.nextInt()};
    long[] longs = {0, -1, 1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 35, random.nextLong()};
    float[] floats = {
      0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE, random.nextFloat()
    };
    double[] doubles = {
      0d, -0d, Double.NaN, Double.NEGATIVE_INFINITY, Double.MAX_VALUE, random.nextGaussian()
    };
    r.put("n", null);
    r.put("b", random.nextBoolean());
    r.put("i", ints[random.nextInt(ints.length)]);
    r.put("l", longs[random.nextInt(longs.length)]);
    r.put("f", floats[random.nextInt(floats.length)]);
    r.put("d", doubles[random.nextInt(doubles.length)]);
    r.put("s", randomString(random, random.nextInt(40)));
    byte[] bytes = new byte[random.nextInt(300)];
    random.nextBytes(bytes);
    r.put("by", ByteBuffer.wrap(bytes));
    byte[] fixed = new byte[4];
    random.nextBytes(fixed);
    r.put("fx", new GenericData.Fixed(ALL_TYPES.getField("fx").schema(), fixed));
    r.put(
        "e",
        new GenericData.EnumSymbol(
            ALL_TYPES.getField("e").schema(), List.of("A", "B", "C").get(random.nextInt(3))));
    List<Long> longList = new ArrayList<>();
    for (int i = random.nextInt(400); i > 0; i--) {
      longList.add(random.nextLong() >> random.nextInt(64));
    }
    r.put("a", longList);
    Map<String, List<String>> map = new HashMap<>();
    for (int i = random.nextInt(30); i > 0; i--) {
      map.put(
          randomString(random, 1 + random.nextInt(8)),
          List.of(randomString(random, random.nextInt(5)), "x"));
    }
    r.put("m", map);
    r.put(
        "u",
        switch (random.nextInt(3)) {
          case 0 -> null;
          case 1 -> random.nextInt();
          default -> randomString(random, 3);
        });
    GenericRecord inner = new GenericData.Record(ALL_TYPES.getField("r").schema());
    inner.put("x", random.nextDouble());
    r.put("r", inner);
    r.put("last", "the end ✓ " + random.nextInt(1000));
    return r;
  }

  private static String randomString(Random random, int length) {
    StringBuilder s = new StringBuilder();
    String alphabet = "aZ09 -_üß東京🚀\u0000";
    for (int i = 0; i < length; i++) {
      s.appendCodePoint(
          alphabet.codePointAt(
              alphabet.offsetByCodePoints(
                  0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
    }
    return s.toString();
  }

  private static byte[] encode(GenericRecord record, boolean blocking) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder =
        blocking
            ? new EncoderFactory().configureBlockSize(64).blockingBinaryEncoder(out, null)
            : EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(ALL_TYPES).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  @ParameterizedTest(name = "blocking encoder: {0}")
  @ValueSource(booleans = {false, true})
  void readsAndSkipsEverythingAvroWrites(boolean blocking) throws IOException {
    Random random = new Random(blocking ? 1 : 2);
    BoundedBinaryDecoder decoder = new BoundedBinaryDecoder();
    for (int n = 0; n < 300; n++) {
      GenericRecord record = randomRecord(random);
      byte[] bytes = encode(record, blocking);
      byte[] framed = new byte[bytes.length + 3];
      System.arraycopy(bytes, 0, framed, 3, bytes.length);

      Object ours =
          new GenericDatumReader<GenericRecord>(ALL_TYPES)
              .read(null, decoder.wrap(framed, 3, bytes.length));
      assertThat(decoder.remaining()).isZero();
      Object avros =
          new GenericDatumReader<GenericRecord>(ALL_TYPES)
              .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
      assertThat(ours).isEqualTo(avros).isEqualTo(record);

      GenericRecord last =
          new GenericDatumReader<GenericRecord>(ALL_TYPES, LAST_ONLY)
              .read(null, decoder.wrap(framed, 3, bytes.length));
      assertThat(decoder.remaining()).as("skipped to the end").isZero();
      assertThat(last.get("last").toString()).isEqualTo(record.get("last"));
    }
  }
}
