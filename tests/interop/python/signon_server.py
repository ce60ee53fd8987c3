"""An independent gRPC server for the client library's own HTTP/2 transport: Debian's python3-grpcio (C-core, whose
HPACK encoder Huffman-codes strings and indexes fields in the dynamic table, unlike Kestrel's) serves
acquirer.v1.TerminalService/SignOn.

SignOn answers batch_no = the length of terminal_id, with the terminal id in a trailer; terminal "missing" fails
with NOT_FOUND, a non-ASCII message and an "x-reason" trailer.

usage: signon_server.py DESCRIPTOR_SET
Prints "port N" once it serves on 127.0.0.1, and serves until its standard input closes.
"""
import sys
from concurrent import futures

import grpc

from terminal_peer import load_messages


def main():
    _, message = load_messages(sys.argv[1])
    request_type = message("acquirer.v1.SignOnRequest")
    response_type = message("acquirer.v1.SignOnResponse")

    def sign_on(request, context):
        context.send_initial_metadata((("x-served-by", "python-grpcio"),))
        if request.terminal_id == "missing":
            context.set_trailing_metadata((("x-reason", "no such terminal in the python peer"),))
            context.abort(grpc.StatusCode.NOT_FOUND, "terminal 'missing' not found (\u00fcn\u00efcode \u2713)")
        context.set_trailing_metadata((("x-terminal", request.terminal_id),))
        return response_type(batch_no=len(request.terminal_id))

    handler = grpc.method_handlers_generic_handler(
        "acquirer.v1.TerminalService",
        {
            "SignOn": grpc.unary_unary_rpc_method_handler(
                sign_on,
                request_deserializer=request_type.FromString,
                response_serializer=response_type.SerializeToString,
            )
        },
    )
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    server.add_generic_rpc_handlers((handler,))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(f"port {port}", flush=True)
    sys.stdin.read()
    server.stop(0)


if __name__ == "__main__":
    main()
