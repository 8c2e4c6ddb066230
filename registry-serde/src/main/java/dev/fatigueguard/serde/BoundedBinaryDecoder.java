package dev.fatigueguard.serde;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoding of one record held in a byte array, checking every length against the bytes
 * actually left.
 *
 * <p>Why not Avro's {@code BinaryDecoder}: it allocates a string, bytes or array of whatever length
 * the data claims (up to 2 GiB) before noticing the data is shorter, so one corrupt record can take
 * down a stream thread with an OutOfMemoryError; and it reports truncation without saying where.
 * Here a length or an item count larger than the rest of the record is rejected before allocating,
 * and every error names its offset in the record.
 *
 * <p>The item-count check assumes each array item takes at least one byte, which holds for every
 * type except {@code null}, records without non-null fields and zero-size fixed: arrays of those
 * longer than the rest of the record are rejected. Map entries always take a byte (the key's
 * length).
 *
 * <p>Not thread-safe; one instance per thread, re-pointed at each record with {@link #wrap}.
 */
final class BoundedBinaryDecoder extends Decoder {

  private static final byte[] NO_BYTES = new byte[0];

  private byte[] buf = NO_BYTES;
  private int pos;
  private int limit;

  /**
   * Decodes {@code length} bytes of {@code data} from {@code offset}; offsets in errors are into
   * {@code data}.
   */
  BoundedBinaryDecoder wrap(byte[] data, int offset, int length) {
    this.buf = data;
    this.pos = offset;
    this.limit = offset + length;
    return this;
  }

  /** Drops the reference to the last record, so a thread does not keep it alive. */
  void release() {
    this.buf = NO_BYTES;
    this.pos = 0;
    this.limit = 0;
  }

  int position() {
    return pos;
  }

  int remaining() {
    return limit - pos;
  }

  private void require(int n, String what, int start) throws EOFException {
    if (limit - pos < n) {
      throw new EOFException(
          what
              + " at offset "
              + start
              + " needs "
              + n
              + " bytes but the record ends at offset "
              + limit
              + " ("
              + (limit - pos)
              + " left)");
    }
  }

  private static IOException malformed(String message) {
    return new IOException(message);
  }

  @Override
  public void readNull() {
    // A null takes no bytes.
  }

  @Override
  public boolean readBoolean() throws IOException {
    int start = pos;
    require(1, "boolean", start);
    byte b = buf[pos++];
    if (b == 0) {
      return false;
    }
    if (b == 1) {
      return true;
    }
    throw malformed(
        String.format("boolean byte 0x%02x at offset %d is neither 0 nor 1", b & 0xff, start));
  }

  @Override
  public int readInt() throws IOException {
    int start = pos;
    int raw = 0;
    for (int shift = 0; ; shift += 7) {
      if (pos >= limit) {
        throw new EOFException(
            "int at offset " + start + " runs past the end of the record at offset " + limit);
      }
      int b = buf[pos++] & 0xff;
      raw |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
      if (shift >= 28) {
        throw malformed("int at offset " + start + " has more than 5 varint bytes");
      }
    }
  }

  @Override
  public long readLong() throws IOException {
    int start = pos;
    long raw = 0;
    for (int shift = 0; ; shift += 7) {
      if (pos >= limit) {
        throw new EOFException(
            "long at offset " + start + " runs past the end of the record at offset " + limit);
      }
      long b = buf[pos++] & 0xff;
      raw |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
      if (shift >= 63) {
        throw malformed("long at offset " + start + " has more than 10 varint bytes");
      }
    }
  }

  @Override
  public float readFloat() throws IOException {
    require(4, "float", pos);
    int bits =
        (buf[pos] & 0xff)
            | (buf[pos + 1] & 0xff) << 8
            | (buf[pos + 2] & 0xff) << 16
            | (buf[pos + 3] & 0xff) << 24;
    pos += 4;
    return Float.intBitsToFloat(bits);
  }

  @Override
  public double readDouble() throws IOException {
    require(8, "double", pos);
    long bits = 0;
    for (int i = 7; i >= 0; i--) {
      bits = bits << 8 | (buf[pos + i] & 0xff);
    }
    pos += 8;
    return Double.longBitsToDouble(bits);
  }

  /** Reads a length prefix and checks that many bytes follow. */
  private int length(String what) throws IOException {
    int start = pos;
    long length = readLong();
    if (length < 0) {
      throw malformed(what + " at offset " + start + " has negative length " + length);
    }
    if (length > limit - pos) {
      throw new EOFException(
          what
              + " of "
              + length
              + " bytes at offset "
              + start
              + " runs past the end of the record at offset "
              + limit
              + " ("
              + (limit - pos)
              + " bytes left)");
    }
    return (int) length;
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int length = length("string");
    Utf8 result = old != null ? old : new Utf8();
    result.setByteLength(length);
    System.arraycopy(buf, pos, result.getBytes(), 0, length);
    pos += length;
    return result;
  }

  @Override
  public String readString() throws IOException {
    int length = length("string");
    String result = new String(buf, pos, length, StandardCharsets.UTF_8);
    pos += length;
    return result;
  }

  @Override
  public void skipString() throws IOException {
    // Not "pos += length(...)": that would add to pos as it was before the length prefix was read.
    int length = length("string");
    pos += length;
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    // Always a fresh buffer: a reused one could be shared with a record handed out earlier.
    int length = length("bytes");
    ByteBuffer result = ByteBuffer.wrap(Arrays.copyOfRange(buf, pos, pos + length));
    pos += length;
    return result;
  }

  @Override
  public void skipBytes() throws IOException {
    int length = length("bytes");
    pos += length;
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    require(length, "fixed", pos);
    System.arraycopy(buf, pos, bytes, start, length);
    pos += length;
  }

  @Override
  public void skipFixed(int length) throws IOException {
    require(length, "fixed", pos);
    pos += length;
  }

  @Override
  public int readEnum() throws IOException {
    return index("enum");
  }

  @Override
  public int readIndex() throws IOException {
    return index("union branch");
  }

  private int index(String what) throws IOException {
    int start = pos;
    int index = readInt();
    if (index < 0) {
      throw malformed(what + " index " + index + " at offset " + start + " is negative");
    }
    return index;
  }

  /**
   * The item count of the next block. A negative count announces a block whose byte size follows;
   * readers going item by item ignore that size.
   */
  private long blockCount(String what) throws IOException {
    int start = pos;
    long count = readLong();
    if (count < 0) {
      if (count == Long.MIN_VALUE) {
        throw malformed(what + " block at offset " + start + " has an invalid item count");
      }
      count = -count;
      long size = readLong();
      if (size < 0) {
        throw malformed(what + " block at offset " + start + " has negative byte size " + size);
      }
    }
    if (count > limit - pos) {
      throw new EOFException(
          what
              + " block of "
              + count
              + " items at offset "
              + start
              + " cannot fit in the "
              + (limit - pos)
              + " bytes left before offset "
              + limit);
    }
    return count;
  }

  /**
   * Skips whole blocks that announce their byte size; returns the count of the next block to skip
   * item by item, 0 at the end.
   */
  private long skipBlocks(String what) throws IOException {
    while (true) {
      int start = pos;
      long count = readLong();
      if (count >= 0) {
        if (count > limit - pos) {
          throw new EOFException(
              what
                  + " block of "
                  + count
                  + " items at offset "
                  + start
                  + " cannot fit in the "
                  + (limit - pos)
                  + " bytes left before offset "
                  + limit);
        }
        return count;
      }
      long size = readLong();
      if (count == Long.MIN_VALUE || size < 0) {
        throw malformed(what + " block at offset " + start + " has an invalid count or byte size");
      }
      if (size > limit - pos) {
        throw new EOFException(
            what
                + " block of "
                + size
                + " bytes at offset "
                + start
                + " runs past the end of the record at offset "
                + limit);
      }
      pos += (int) size;
    }
  }

  @Override
  public long readArrayStart() throws IOException {
    return blockCount("array");
  }

  @Override
  public long arrayNext() throws IOException {
    return blockCount("array");
  }

  @Override
  public long skipArray() throws IOException {
    return skipBlocks("array");
  }

  @Override
  public long readMapStart() throws IOException {
    return blockCount("map");
  }

  @Override
  public long mapNext() throws IOException {
    return blockCount("map");
  }

  @Override
  public long skipMap() throws IOException {
    return skipBlocks("map");
  }
}
