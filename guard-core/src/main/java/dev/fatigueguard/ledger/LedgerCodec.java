package dev.fatigueguard.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Compact binary form of a {@link CustomerLedger}, as stored in the state store and its changelog.
 * One ledger per customer times millions of customers makes every byte count, so:
 *
 * <pre>
 *   byte     version (= 3; versions 1 and 2 are still read, see below)
 *   varint   D = number of distinct strings, then D x (varint byte length, UTF-8 bytes)
 *   varint   N = number of contacts, then per contact, oldest first:
 *     varlong  time: the first as zig-zag epoch millis, the others as the unsigned delta to
 *              the previous contact
 *     varint   channel ref, varint category ref (0 = null, i = i-th string of the dictionary)
 *     varint   tag count × 4 + 2 if a campaign follows + 1 if a tenant follows
 *     varint   that many tag refs, then the campaign ref and the tenant ref if flagged
 *   varint   M = number of recent message ids, then per id, first seen first:
 *     varlong  first seen: zig-zag epoch millis for the first, unsigned delta for the others
 *     varint   byte length × 2 + 1 if the id's message is held right now, then the UTF-8 bytes
 * </pre>
 *
 * Version 2 has the plain tag count (no campaign, no tenant); version 1 also ends after the
 * contacts, with no ids. Contacts read from them have no campaign and no tenant.
 *
 * <p>Channel, category and tag names repeat across contacts, so each is written once in the
 * per-ledger dictionary and referenced by a one-byte index; so are campaign and tenant names, which
 * cost nothing for a contact without them (the flags share the tag count's byte). Ten contacts with
 * two channels, three categories and a couple of tags take about 140 bytes.
 *
 * <p>Decoding never trusts a length: every count is checked against the bytes that remain, so
 * garbage fails fast with {@link CorruptLedgerException} instead of looping or allocating
 * gigabytes. A future format bumps the version byte; this decoder rejects versions it does not
 * know.
 */
public final class LedgerCodec {

  public static final byte VERSION = 3;
  private static final byte VERSION_WITHOUT_CAMPAIGNS = 2;
  private static final byte VERSION_WITHOUT_IDS = 1;
  private static final int HAS_CAMPAIGN = 2;
  private static final int HAS_TENANT = 1;
  private static final int FLAG_BITS = 2;

  private LedgerCodec() {}

  /** A ledger with no recent ids (tools and benchmarks that only look at contacts). */
  public static byte[] encode(ContactLedger ledger) {
    return encode(new CustomerLedger(ledger, new RecentMessageIds()));
  }

  public static byte[] encode(CustomerLedger customer) {
    ContactLedger ledger = customer.contacts();
    RecentMessageIds ids = customer.recentIds();
    int size = ledger.size();
    // First pass: give every name its dictionary ref and note each contact's refs, so the
    // second pass only writes. Insertion order = first use, so the oldest contact's names
    // get the smallest refs.
    Dictionary dictionary = new Dictionary();
    int[] contactRefs = new int[size * 3];
    int refCount = 0;
    for (int i = 0; i < size; i++) {
      Contact contact = ledger.get(i);
      Set<String> tags = contact.tags();
      int needed = refCount + 5 + tags.size();
      if (needed > contactRefs.length) {
        contactRefs = Arrays.copyOf(contactRefs, Math.max(contactRefs.length * 2, needed));
      }
      String campaign = contact.campaign();
      String tenant = contact.tenant();
      contactRefs[refCount++] = dictionary.refOf(contact.channel());
      contactRefs[refCount++] = dictionary.refOf(contact.category());
      contactRefs[refCount++] =
          (tags.size() << FLAG_BITS)
              | (campaign == null ? 0 : HAS_CAMPAIGN)
              | (tenant == null ? 0 : HAS_TENANT);
      for (String tag : tags) {
        contactRefs[refCount++] = dictionary.refOf(tag);
      }
      if (campaign != null) {
        contactRefs[refCount++] = dictionary.refOf(campaign);
      }
      if (tenant != null) {
        contactRefs[refCount++] = dictionary.refOf(tenant);
      }
    }

    Output out = new Output(16 + size * 8 + dictionary.size * 12 + ids.size() * 48);
    out.writeByte(VERSION);
    out.writeVarLong(dictionary.size);
    for (int i = 0; i < dictionary.size; i++) {
      out.writeUtf8(dictionary.names[i], 0, 0);
    }
    out.writeVarLong(size);
    long previous = 0;
    int ref = 0;
    for (int i = 0; i < size; i++) {
      long at = ledger.get(i).atMillis();
      out.writeTime(i == 0, at, previous);
      previous = at;
      out.writeVarLong(contactRefs[ref++]); // channel
      out.writeVarLong(contactRefs[ref++]); // category
      int tagWord = contactRefs[ref++];
      out.writeVarLong(tagWord);
      int more = (tagWord >>> FLAG_BITS) + Integer.bitCount(tagWord & (HAS_CAMPAIGN | HAS_TENANT));
      for (int t = 0; t < more; t++) {
        out.writeVarLong(contactRefs[ref++]);
      }
    }
    out.writeVarLong(ids.size());
    previous = 0;
    for (int i = 0; i < ids.size(); i++) {
      out.writeTime(i == 0, ids.seenAtMillis(i), previous);
      previous = ids.seenAtMillis(i);
      out.writeUtf8(ids.id(i), 1, ids.isHeld(i) ? 1 : 0);
    }
    return out.toByteArray();
  }

  /**
   * The contacts alone. @throws CorruptLedgerException if the bytes are not a ledger this version
   * can read
   */
  public static ContactLedger decode(byte[] bytes) {
    return decodeCustomer(bytes).contacts();
  }

  /**
   * @throws CorruptLedgerException if the bytes are not a ledger this version can read
   */
  public static CustomerLedger decodeCustomer(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new CorruptLedgerException("empty ledger bytes");
    }
    Input in = new Input(bytes);
    int version = in.readByte();
    if (version < VERSION_WITHOUT_IDS || version > VERSION) {
      throw new CorruptLedgerException(
          "unsupported ledger format version "
              + version
              + " (this build reads "
              + VERSION_WITHOUT_IDS
              + " to "
              + VERSION
              + ")");
    }
    boolean flagged = version >= VERSION;
    int dictionarySize = in.readCount("dictionary size", 1);
    String[] dictionary = new String[dictionarySize];
    for (int i = 0; i < dictionarySize; i++) {
      int length = in.readCount("string length", 1);
      dictionary[i] = in.readUtf8(length);
    }
    // Every contact takes at least 4 bytes (time, channel, category, tag count).
    int count = in.readCount("contact count", 4);
    Contact[] contacts = new Contact[Math.max(count, 1)];
    long at = 0;
    for (int i = 0; i < count; i++) {
      at = in.readTime(i == 0, at, "contact", i);
      String channel = lookUp(dictionary, in.readVarLong(), "channel", i);
      String category = lookUp(dictionary, in.readVarLong(), "category", i);
      int tagWord = in.readCount("tag count", 1, flagged ? FLAG_BITS : 0);
      int tagCount = flagged ? tagWord >>> FLAG_BITS : tagWord;
      String[] tags = new String[tagCount];
      for (int t = 0; t < tagCount; t++) {
        tags[t] = lookUp(dictionary, in.readVarLong(), "tag", i);
        if (tags[t] == null) {
          throw new CorruptLedgerException("null tag at contact " + i);
        }
      }
      Set<String> tagSet;
      try {
        tagSet = Set.of(tags);
      } catch (IllegalArgumentException e) {
        throw new CorruptLedgerException("duplicate tag at contact " + i);
      }
      String campaign = null;
      String tenant = null;
      if ((tagWord & HAS_CAMPAIGN) != 0 && flagged) {
        campaign = present(lookUp(dictionary, in.readVarLong(), "campaign", i), "campaign", i);
      }
      if ((tagWord & HAS_TENANT) != 0 && flagged) {
        tenant = present(lookUp(dictionary, in.readVarLong(), "tenant", i), "tenant", i);
      }
      contacts[i] = new Contact(at, channel, category, tagSet, campaign, tenant);
    }
    RecentMessageIds ids = version == VERSION_WITHOUT_IDS ? new RecentMessageIds() : readIds(in);
    if (in.remaining() != 0) {
      throw new CorruptLedgerException(in.remaining() + " unexpected trailing bytes");
    }
    return new CustomerLedger(new ContactLedger(contacts, count), ids);
  }

  private static RecentMessageIds readIds(Input in) {
    // Every id takes at least 3 bytes (time, length, one byte of id).
    int count = in.readCount("message id count", 3);
    String[] ids = new String[Math.max(count, 4)];
    long[] seenAt = new long[ids.length];
    boolean[] held = new boolean[ids.length];
    long at = 0;
    for (int i = 0; i < count; i++) {
      at = in.readTime(i == 0, at, "message id", i);
      seenAt[i] = at;
      long lengthAndHeld = in.readVarLong();
      held[i] = (lengthAndHeld & 1) == 1;
      long length = lengthAndHeld >>> 1;
      if (length < 1 || length > in.remaining()) {
        throw new CorruptLedgerException(
            "message id length "
                + length
                + " impossible with "
                + in.remaining()
                + " bytes left at message id "
                + i);
      }
      ids[i] = in.readUtf8((int) length);
    }
    return new RecentMessageIds(ids, seenAt, held, count);
  }

  /**
   * The names of one ledger, in order of first use. A ledger names a handful of channels,
   * categories and tags, so a short array searched in order beats a map; names decoded from one
   * ledger are shared instances, so references are compared before contents.
   */
  private static final class Dictionary {
    private String[] names = new String[8];
    private int size;

    /** 0 for null, else the name's 1-based position, added on first use. */
    int refOf(String value) {
      if (value == null) {
        return 0;
      }
      for (int i = 0; i < size; i++) {
        if (names[i] == value) {
          return i + 1;
        }
      }
      for (int i = 0; i < size; i++) {
        if (names[i].equals(value)) {
          return i + 1;
        }
      }
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2);
      }
      names[size++] = value;
      return size;
    }
  }

  /** A flagged campaign or tenant ref must name a string: the flag already says "none". */
  private static String present(String value, String what, int contact) {
    if (value == null) {
      throw new CorruptLedgerException("null " + what + " at contact " + contact);
    }
    return value;
  }

  private static String lookUp(String[] dictionary, long ref, String what, int contact) {
    if (ref < 0 || ref > dictionary.length) {
      throw new CorruptLedgerException(
          what
              + " reference "
              + ref
              + " outside dictionary of "
              + dictionary.length
              + " at contact "
              + contact);
    }
    return ref == 0 ? null : dictionary[(int) ref - 1];
  }

  /** A growable byte buffer without ByteArrayOutputStream's locking. */
  private static final class Output {
    private byte[] buffer;
    private int position;

    Output(int initialCapacity) {
      buffer = new byte[initialCapacity];
    }

    void writeByte(int b) {
      ensure(1);
      buffer[position++] = (byte) b;
    }

    void writeBytes(byte[] bytes) {
      ensure(bytes.length);
      System.arraycopy(bytes, 0, buffer, position, bytes.length);
      position += bytes.length;
    }

    /**
     * A length-prefixed UTF-8 string; the prefix is {@code byteLength << shift | flag}. Names and
     * ids are nearly always ASCII, where the UTF-8 length is the char count: those are copied char
     * by char without an intermediate byte array.
     */
    void writeUtf8(String value, int shift, int flag) {
      int length = value.length();
      int start = position;
      ensure(10 + length);
      writeVarLong(((long) length << shift) | flag);
      for (int i = 0; i < length; i++) {
        char c = value.charAt(i);
        if (c >= 0x80) {
          position = start;
          byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
          writeVarLong(((long) utf8.length << shift) | flag);
          writeBytes(utf8);
          return;
        }
        buffer[position++] = (byte) c;
      }
    }

    /** The counterpart of {@code Input.readTime}. */
    void writeTime(boolean first, long at, long previous) {
      writeVarLong(first ? (at << 1) ^ (at >> 63) : at - previous);
    }

    void writeVarLong(long value) {
      ensure(10);
      while ((value & ~0x7FL) != 0) {
        buffer[position++] = (byte) ((value & 0x7F) | 0x80);
        value >>>= 7;
      }
      buffer[position++] = (byte) value;
    }

    private void ensure(int more) {
      if (position + more > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + more));
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buffer, position);
    }
  }

  /** Bounds-checked reading; every failure is a {@link CorruptLedgerException}. */
  private static final class Input {
    private final byte[] bytes;
    private int position;

    /** Made on first use: most ledgers hold only ASCII. */
    private CharsetDecoder utf8;

    Input(byte[] bytes) {
      this.bytes = bytes;
    }

    int remaining() {
      return bytes.length - position;
    }

    int readByte() {
      if (position >= bytes.length) {
        throw new CorruptLedgerException("truncated ledger: ended at byte " + position);
      }
      return bytes[position++];
    }

    /**
     * A time of a list written oldest first: zig-zag epoch millis for the first, else the unsigned
     * delta to {@code previous}.
     */
    long readTime(boolean first, long previous, String what, int index) {
      long raw = readVarLong();
      if (first) {
        return (raw >>> 1) ^ -(raw & 1);
      }
      // The delta is unsigned (it may exceed Long.MAX_VALUE between extreme times), so add
      // with wrap-around; a valid ledger never goes backwards.
      long next = previous + raw;
      if (next < previous) {
        throw new CorruptLedgerException(
            "time goes backwards or overflows at " + what + " " + index);
      }
      return next;
    }

    long readVarLong() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = readByte();
        value |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new CorruptLedgerException("varint longer than 10 bytes at byte " + position);
    }

    /**
     * A count of items each taking at least {@code minBytesEach}: it cannot exceed what is left.
     */
    int readCount(String what, int minBytesEach) {
      return readCount(what, minBytesEach, 0);
    }

    /**
     * As {@link #readCount(String, int)}, for a count stored shifted left by {@code flagBits} with
     * flags in the low bits; returns the raw value, flags included.
     */
    int readCount(String what, int minBytesEach, int flagBits) {
      long raw = readVarLong();
      long count = raw >>> flagBits;
      if (raw < 0 || count > remaining() / minBytesEach) {
        throw new CorruptLedgerException(
            what + " " + count + " exceeds the " + remaining() + " bytes left at byte " + position);
      }
      return (int) raw;
    }

    String readUtf8(int length) {
      // Names and message ids are nearly always ASCII, which is valid UTF-8 as it is: copy it
      // straight into a String instead of running the (validating, much slower) decoder.
      boolean ascii = true;
      for (int i = position; i < position + length; i++) {
        if (bytes[i] < 0) {
          ascii = false;
          break;
        }
      }
      if (ascii) {
        String value = new String(bytes, position, length, StandardCharsets.ISO_8859_1);
        position += length;
        return value;
      }
      if (utf8 == null) {
        utf8 =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
      }
      try {
        String value = utf8.decode(ByteBuffer.wrap(bytes, position, length)).toString();
        position += length;
        return value;
      } catch (CharacterCodingException e) {
        throw new CorruptLedgerException("invalid UTF-8 at byte " + position, e);
      }
    }
  }
}
