// Produces and checks Confluent wire-format fixtures with Confluent's own serde
// (@confluentinc/schemaregistry, offline with its MockClient). See README.md for when and how to run.
//
// Reads  ../resources/confluent-fixtures/schemas/*.avsc.json   (written by ConfluentFixtureGenerator.java)
//        ../resources/confluent-fixtures/java-written/*.bin    (our Java serializer's bytes, same records)
// Writes ../resources/confluent-fixtures/confluent-written/<name>.bin + <name>.json (bytes + the values serialized)
//        ../resources/confluent-fixtures/confluent-decoded/<name>.json (what Confluent read from java-written/<name>.bin)
import { readFile, writeFile, mkdir, readdir } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { AvroDeserializer, AvroSerializer, MockClient, SerdeType } from '@confluentinc/schemaregistry';

const dir = new URL('../resources/confluent-fixtures/', import.meta.url);
const file = (path) => new URL(path, dir);

// Same order as ConfluentFixtures.registerInFixtureOrder in Java, so the ids are 1 and 2 on both sides.
const topics = [
  { topic: 'outbound-messages', prefix: 'outbound-', schemaFile: 'schemas/OutboundMessage.avsc.json', expectedId: 1 },
  { topic: 'contact-decisions', prefix: 'decision-', schemaFile: 'schemas/ContactDecision.avsc.json', expectedId: 2 },
];

const client = new MockClient({ baseURLs: ['mock://fixtures'] });
for (const t of topics) {
  // Registered explicitly: with auto-registration and no schema, Confluent's JS serializer guesses one from the value.
  t.schemaText = await readFile(file(t.schemaFile), 'utf8');
  t.schema = JSON.parse(t.schemaText);
  const id = await client.register(`${t.topic}-value`, { schemaType: 'AVRO', schema: t.schemaText });
  if (id !== t.expectedId) throw new Error(`${t.topic}-value got schema id ${id}, expected ${t.expectedId}`);
}
const topicOf = (name) => topics.find((t) => name.startsWith(t.prefix));

// The same records as ConfluentFixtures.all() in Java. Unions are unwrapped (avsc's default for
// [null, X]); timestamp-millis fields are plain epoch milliseconds; maps are objects in insertion order.
const created = 1795767330123; // 2026-11-27T08:15:30.123Z
const records = {
  'outbound-minimal': {
    messageId: 'm-1', customerId: 'c-1', tenant: null, channel: 'EMAIL', category: 'MARKETING', campaignId: null,
    tags: [], priority: 0, createdAt: 1795165200000, expiresAt: null, deferrable: true, payload: null,
    payloadRef: null, attributes: {}, collapseKey: null,
  },
  'outbound-full': {
    messageId: 'm-2-ünïcödé', customerId: 'kunde-Ø-東京-🚀', tenant: 'acme', channel: 'SMS', category: 'PROMOTIONAL',
    campaignId: 'black-friday ☀️ été', tags: ['promo', 'black-friday', 'ünïcödé 🏷️'], priority: 7,
    createdAt: created, expiresAt: 1795853730123, deferrable: false,
    payload: Buffer.from([0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff, 0x68, 0x69]), payloadRef: null,
    attributes: { locale: 'de-DE', emoji: '🎉', empty: '' }, collapseKey: 'parcel-4711 📦',
  },
  'outbound-edge': {
    messageId: '', customerId: 'c-edge', tenant: '', channel: 'DIRECT_MAIL', category: 'SECURITY', campaignId: null,
    tags: [''], priority: -2147483648, createdAt: -1, expiresAt: 253402300799999, deferrable: true,
    payload: Buffer.alloc(0), payloadRef: 's3://bucket/key?x=1&y=ü', attributes: { '': 'empty key' },
    collapseKey: '',
  },
  'decision-delayed': {
    messageId: 'm-2-ünïcödé', customerId: 'kunde-Ø-東京-🚀', tenant: 'acme', channel: 'SMS', category: 'PROMOTIONAL',
    campaignId: 'black-friday ☀️ été', decision: 'DELAYED', reason: 'QUIET_HOURS', ruleId: 'tenant:acme/quiet-nights',
    detail: 'quiet hours 22:00–07:00 Europe/Berlin',
    windowCounts: [
      { ruleId: 'default/daily', used: 3, max: 3, window: 'P1D' },
      { ruleId: 'customer/sms-gap', used: 1, max: 1, window: 'PT16H' },
    ],
    decidedAt: 1795767331000, releaseAt: 1795845600000, heldSince: 1795767331000, messageCreatedAt: created, priority: 7,
  },
  'decision-approved': {
    messageId: 'm-1', customerId: 'c-1', tenant: null, channel: 'EMAIL', category: 'MARKETING', campaignId: null,
    decision: 'APPROVED', reason: null, ruleId: null, detail: null, windowCounts: [], decidedAt: 1795165200250,
    releaseAt: null, heldSince: null, messageCreatedAt: 1795165200000, priority: 0,
  },
};

// The language-neutral view ConfluentFixtures.plainJson writes in Java.
function plain(value) {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}
const pretty = (value) => JSON.stringify(value, null, 2) + '\n';

// (a) Confluent writes; Java must read.
await mkdir(file('confluent-written/'), { recursive: true });
const serializer = new AvroSerializer(client, SerdeType.VALUE, { autoRegisterSchemas: false, useLatestVersion: true });
for (const [name, record] of Object.entries(records)) {
  const bytes = await serializer.serialize(topicOf(name).topic, record);
  await writeFile(file(`confluent-written/${name}.bin`), bytes);
  await writeFile(file(`confluent-written/${name}.json`), pretty(plain(record)));
  console.log(`confluent-written/${name}.bin  ${bytes.length} bytes, schema id ${bytes.readInt32BE(1)}`);
}

// (b) Java wrote; Confluent must read, and read what Java meant.
await mkdir(file('confluent-decoded/'), { recursive: true });
const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {});
let mismatches = 0;
for (const bin of (await readdir(file('java-written/'))).filter((f) => f.endsWith('.bin')).sort()) {
  const name = bin.slice(0, -'.bin'.length);
  const decoded = plain(await deserializer.deserialize(topicOf(name).topic, await readFile(file(`java-written/${bin}`))));
  await writeFile(file(`confluent-decoded/${name}.json`), pretty(decoded));
  const meant = JSON.parse(await readFile(file(`java-written/${name}.json`), 'utf8'));
  const same = isDeepStrictEqual(decoded, meant);
  if (!same) mismatches++;
  console.log(`confluent-decoded/${name}.json ${same ? 'matches' : 'DIFFERS FROM'} java-written/${name}.json`);
}
if (mismatches > 0) {
  console.error(`${mismatches} Java-written fixture(s) decode differently with Confluent's deserializer`);
  process.exit(1);
}
