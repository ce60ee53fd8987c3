"""An independent gRPC peer: Debian's python3-grpcio drives the real AcquirerEngine server.

Messages are built at run time from a FileDescriptorSet written by the .NET test (Debian's protobuf
runtime is older than our protoc, so generated *_pb2 modules would not load). Every check raises on
failure; the last line printed on success is "interop ok".

usage: terminal_peer.py ADDRESS DESCRIPTOR_SET MERCHANT_PREFIX   (operator token in AE_OPERATOR_TOKEN)
"""
import os
import sys

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory


def load_messages(descriptor_set_path):
    file_set = descriptor_pb2.FileDescriptorSet()
    with open(descriptor_set_path, "rb") as f:
        file_set.ParseFromString(f.read())
    pool = descriptor_pool.DescriptorPool()
    for file_proto in file_set.file:
        pool.Add(file_proto)

    def message(full_name):
        descriptor = pool.FindMessageTypeByName(full_name)
        if hasattr(message_factory, "GetMessageClass"):
            return message_factory.GetMessageClass(descriptor)
        return message_factory.MessageFactory(pool).GetPrototype(descriptor)

    return pool, message


class Peer:
    def __init__(self, address, descriptor_set_path, token):
        self.channel = grpc.insecure_channel(address)
        self.pool, self.message = load_messages(descriptor_set_path)
        self.token = token

    def unary(self, service, method, request, token=None):
        method_descriptor = self.pool.FindServiceByName(service).FindMethodByName(method)
        response_class = self.message(method_descriptor.output_type.full_name)
        call = self.channel.unary_unary(
            "/%s/%s" % (service, method),
            request_serializer=lambda m: m.SerializeToString(),
            response_deserializer=response_class.FromString,
        )
        metadata = [("authorization", "Bearer " + token)] if token else None
        return call(request, timeout=10, metadata=metadata)

    def stream(self, service, method, request):
        method_descriptor = self.pool.FindServiceByName(service).FindMethodByName(method)
        response_class = self.message(method_descriptor.output_type.full_name)
        call = self.channel.unary_stream(
            "/%s/%s" % (service, method),
            request_serializer=lambda m: m.SerializeToString(),
            response_deserializer=response_class.FromString,
        )
        return list(call(request, timeout=10))

    def new(self, full_name, **fields):
        return self.message(full_name)(**fields)


def expect_status(code, field_hint, action):
    try:
        action()
    except grpc.RpcError as error:
        if error.code() != code:
            raise AssertionError("expected %s, got %s: %s" % (code, error.code(), error.details()))
        if field_hint and field_hint not in (error.details() or ""):
            raise AssertionError("expected '%s' in the message, got: %s" % (field_hint, error.details()))
        print("  %s -> %s: %s" % (field_hint or "call", code.name, error.details()))
        return
    raise AssertionError("expected %s, the call succeeded" % code)


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def main():
    address, descriptor_set_path, prefix = sys.argv[1], sys.argv[2], sys.argv[3]
    peer = Peer(address, descriptor_set_path, os.environ["AE_OPERATOR_TOKEN"])
    terminal, operator = "acquirer.v1.TerminalService", "acquirer.v1.OperatorService"
    mid, other_mid, tid, other_tid = prefix + "M1", prefix + "M2", "PY000001", "PY000002"

    health = peer.unary("grpc.health.v1.Health", "Check", peer.new("grpc.health.v1.HealthCheckRequest"))
    check(health.status == 1, "health is SERVING")

    expect_status(grpc.StatusCode.UNAUTHENTICATED, None, lambda: peer.unary(
        operator, "OnboardMerchant", peer.new("acquirer.v1.OnboardMerchantRequest", merchant_id=mid, name="x")))
    for index, (m, t) in enumerate(((mid, tid), (other_mid, other_tid))):
        account = peer.new("acquirer.v1.SettlementAccount", bank_code="ICBC", account_number="622202000000900%d" % index,
                           account_type=1)
        peer.unary(operator, "OnboardMerchant",
                   peer.new("acquirer.v1.OnboardMerchantRequest", merchant_id=m, name="Python peer shop", account=account,
                            cycle=1), peer.token)
        peer.unary(operator, "RegisterTerminal",
                   peer.new("acquirer.v1.RegisterTerminalRequest", merchant_id=m, terminal_id=t), peer.token)

    batch_no = peer.unary(terminal, "SignOn",
                          peer.new("acquirer.v1.SignOnRequest", merchant_id=mid, terminal_id=tid)).batch_no
    check(batch_no >= 1, "sign-on returns a batch number")

    def sale(stan, amount=12345, currency="CNY", merchant=mid, term=tid):
        return peer.new("acquirer.v1.SaleRequest", merchant_id=merchant, terminal_id=term, batch_no=batch_no,
                        stan=stan, amount_minor=amount, currency=currency, card_type=2,
                        card_token="tok_python_peer_0001", local_time="2026-11-20T10:15:00")

    first = peer.unary(terminal, "Sale", sale(1))
    check(first.result == 1, "sale approved, got %s" % first)
    check(len(first.rrn) == 12 and first.approval_code, "rrn and approval code present")
    again = peer.unary(terminal, "Sale", sale(1))
    check(again == first, "a repeated sale returns the stored response")
    expect_status(grpc.StatusCode.ALREADY_EXISTS, None, lambda: peer.unary(terminal, "Sale", sale(1, amount=999)))

    key = peer.new("acquirer.v1.OriginalKey", merchant_id=mid, terminal_id=tid, batch_no=batch_no, stan=1,
                   local_date="2026-11-20")
    transaction = peer.unary(terminal, "GetTransaction", peer.new("acquirer.v1.GetTransactionRequest", key=key))
    check(transaction.state == 1 and transaction.rrn == first.rrn, "query shows the approved sale")
    listed = peer.stream(terminal, "ListBatchTransactions", peer.new(
        "acquirer.v1.ListBatchTransactionsRequest", merchant_id=mid, terminal_id=tid, batch_no=batch_no))
    check(len(listed) == 1, "one record for the repeated sale, got %d" % len(listed))

    voided = peer.unary(terminal, "Void", peer.new("acquirer.v1.VoidRequest", original=key, stan=2, amount_minor=12345))
    check(voided.state == 3, "void leaves the sale VOIDED")
    check(peer.unary(terminal, "GetTransaction", peer.new("acquirer.v1.GetTransactionRequest", key=key)).state == 3,
          "query shows VOIDED")

    check(peer.unary(terminal, "Sale", sale(3)).result == 1, "second sale approved")
    key3 = peer.new("acquirer.v1.OriginalKey", merchant_id=mid, terminal_id=tid, batch_no=batch_no, stan=3)
    reversed_once = peer.unary(terminal, "Reverse", peer.new("acquirer.v1.ReverseRequest", original=key3))
    check(reversed_once.state == 4 and not reversed_once.duplicate, "reversal reverses")
    reversed_twice = peer.unary(terminal, "Reverse", peer.new("acquirer.v1.ReverseRequest", original=key3))
    check(reversed_twice.state == 4 and reversed_twice.duplicate, "a repeated reversal changes nothing")
    unknown = peer.new("acquirer.v1.OriginalKey", merchant_id=mid, terminal_id=tid, batch_no=batch_no, stan=777)
    orphan = peer.unary(terminal, "Reverse", peer.new("acquirer.v1.ReverseRequest", original=unknown))
    check(orphan.state == 5, "a reversal of an unknown STAN has no effect")

    expect_status(grpc.StatusCode.INVALID_ARGUMENT, "amount_minor", lambda: peer.unary(terminal, "Sale", sale(4, amount=0)))
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, "currency", lambda: peer.unary(terminal, "Sale", sale(4, currency="XYZ")))
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, "stan", lambda: peer.unary(terminal, "Sale", sale(1000000)))
    expect_status(grpc.StatusCode.NOT_FOUND, "terminal", lambda: peer.unary(terminal, "Sale", sale(4, term="PYNOPE01")))
    expect_status(grpc.StatusCode.PERMISSION_DENIED, None,
                  lambda: peer.unary(terminal, "Sale", sale(4, merchant=other_mid)))
    expect_status(grpc.StatusCode.UNIMPLEMENTED, None, lambda: peer.channel.unary_unary(
        "/acquirer.v1.TerminalService/NoSuchMethod")(b"", timeout=10))
    print("interop ok")


if __name__ == "__main__":
    main()
