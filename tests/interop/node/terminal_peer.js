// An independent gRPC peer: Node's @grpc/grpc-js drives the real AcquirerEngine server.
// Loads the contract straight from protos/ with @grpc/proto-loader. Every check throws on failure;
// the last line printed on success is "interop ok".
// usage: node terminal_peer.js ADDRESS PROTOS_DIR MERCHANT_PREFIX   (operator token in AE_OPERATOR_TOKEN)
'use strict';
const path = require('node:path');
const assert = require('node:assert/strict');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const [address, protosDir, prefix] = process.argv.slice(2);
const token = process.env.AE_OPERATOR_TOKEN;

const definition = protoLoader.loadSync(
  ['acquirer/v1/terminal.proto', 'acquirer/v1/operator.proto', 'grpc/health/v1/health.proto'].map((p) => path.join(protosDir, p)),
  { includeDirs: [protosDir], keepCase: true, longs: Number, enums: String, defaults: true });
const loaded = grpc.loadPackageDefinition(definition);
const credentials = grpc.credentials.createInsecure();
const terminal = new loaded.acquirer.v1.TerminalService(address, credentials);
const operator = new loaded.acquirer.v1.OperatorService(address, credentials);
const health = new loaded.grpc.health.v1.Health(address, credentials);

function call(client, method, request, withToken) {
  const metadata = new grpc.Metadata();
  if (withToken) metadata.add('authorization', `Bearer ${token}`);
  return new Promise((resolve, reject) => {
    client[method](request, metadata, { deadline: Date.now() + 10000 }, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

function stream(client, method, request) {
  return new Promise((resolve, reject) => {
    const items = [];
    const s = client[method](request, { deadline: Date.now() + 10000 });
    s.on('data', (item) => items.push(item));
    s.on('error', reject);
    s.on('end', () => resolve(items));
  });
}

async function expectStatus(code, fieldHint, action) {
  try {
    await action();
  } catch (error) {
    assert.equal(error.code, code, `expected status ${code}, got ${error.code}: ${error.details}`);
    if (fieldHint) assert.ok(error.details.includes(fieldHint), `expected '${fieldHint}' in: ${error.details}`);
    console.log(`  ${fieldHint ?? 'call'} -> ${code}: ${error.details}`);
    return;
  }
  assert.fail(`expected status ${code}, the call succeeded`);
}

async function main() {
  const mid = `${prefix}M1`, otherMid = `${prefix}M2`, tid = 'JS000001', otherTid = 'JS000002';
  assert.equal((await call(health, 'Check', {})).status, 'SERVING');

  await expectStatus(grpc.status.UNAUTHENTICATED, null, () => call(operator, 'OnboardMerchant', { merchant_id: mid, name: 'x' }, false));
  for (const [index, [m, t]] of [[mid, tid], [otherMid, otherTid]].entries()) {
    const account = { bank_code: 'ICBC', account_number: `622202000000800${index}`, account_type: 'ACCOUNT_TYPE_CORPORATE' };
    await call(operator, 'OnboardMerchant', { merchant_id: m, name: 'Node peer shop', account, cycle: 'SETTLEMENT_CYCLE_T1' }, true);
    await call(operator, 'RegisterTerminal', { merchant_id: m, terminal_id: t }, true);
  }

  const { batch_no: batchNo } = await call(terminal, 'SignOn', { merchant_id: mid, terminal_id: tid });
  assert.ok(batchNo >= 1, 'sign-on returns a batch number');
  const sale = (stan, overrides = {}) => ({
    merchant_id: mid, terminal_id: tid, batch_no: batchNo, stan, amount_minor: 6789, currency: 'CNY',
    card_type: 'CARD_TYPE_DEBIT', card_token: 'tok_node_peer_0001', local_time: '2026-11-20T11:00:00', ...overrides,
  });

  const first = await call(terminal, 'Sale', sale(1));
  assert.equal(first.result, 'SALE_RESULT_APPROVED');
  assert.equal(first.rrn.length, 12);
  assert.deepEqual(await call(terminal, 'Sale', sale(1)), first, 'a repeated sale returns the stored response');
  await expectStatus(grpc.status.ALREADY_EXISTS, null, () => call(terminal, 'Sale', sale(1, { amount_minor: 1 })));

  const key = { merchant_id: mid, terminal_id: tid, batch_no: batchNo, stan: 1, local_date: '2026-11-20' };
  const transaction = await call(terminal, 'GetTransaction', { key });
  assert.equal(transaction.state, 'TRANSACTION_STATE_APPROVED');
  assert.equal(transaction.rrn, first.rrn);
  const listed = await stream(terminal, 'ListBatchTransactions', { merchant_id: mid, terminal_id: tid, batch_no: batchNo });
  assert.equal(listed.length, 1, 'one record for the repeated sale');

  assert.equal((await call(terminal, 'Void', { original: key, stan: 2, amount_minor: 6789 })).state, 'TRANSACTION_STATE_VOIDED');
  assert.equal((await call(terminal, 'GetTransaction', { key })).state, 'TRANSACTION_STATE_VOIDED');

  assert.equal((await call(terminal, 'Sale', sale(3))).result, 'SALE_RESULT_APPROVED');
  const key3 = { merchant_id: mid, terminal_id: tid, batch_no: batchNo, stan: 3 };
  const once = await call(terminal, 'Reverse', { original: key3 });
  assert.equal(once.state, 'TRANSACTION_STATE_REVERSED');
  assert.equal(once.duplicate, false);
  const twice = await call(terminal, 'Reverse', { original: key3 });
  assert.equal(twice.duplicate, true, 'a repeated reversal changes nothing');
  const orphan = await call(terminal, 'Reverse', { original: { ...key3, stan: 777 } });
  assert.equal(orphan.state, 'TRANSACTION_STATE_NO_EFFECT');

  await expectStatus(grpc.status.INVALID_ARGUMENT, 'amount_minor', () => call(terminal, 'Sale', sale(4, { amount_minor: -5 })));
  await expectStatus(grpc.status.INVALID_ARGUMENT, 'currency', () => call(terminal, 'Sale', sale(4, { currency: 'XYZ' })));
  await expectStatus(grpc.status.INVALID_ARGUMENT, 'merchant_id', () => call(terminal, 'Sale', sale(4, { merchant_id: '' })));
  await expectStatus(grpc.status.NOT_FOUND, 'terminal', () => call(terminal, 'Sale', sale(4, { terminal_id: 'JSNOPE01' })));
  await expectStatus(grpc.status.PERMISSION_DENIED, null, () => call(terminal, 'Sale', sale(4, { merchant_id: otherMid })));
  const generic = new grpc.Client(address, credentials);
  await expectStatus(grpc.status.UNIMPLEMENTED, null, () => new Promise((resolve, reject) => {
    generic.makeUnaryRequest('/acquirer.v1.TerminalService/NoSuchMethod', (x) => x, (x) => x, Buffer.alloc(0),
      new grpc.Metadata(), { deadline: Date.now() + 10000 }, (error, response) => (error ? reject(error) : resolve(response)));
  }));
  console.log('interop ok');
}

main().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
