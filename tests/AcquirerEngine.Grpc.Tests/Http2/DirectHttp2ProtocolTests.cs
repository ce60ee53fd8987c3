using System.Buffers.Binary;
using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc.Http2;
using AcquirerEngine.Grpc.Tests.Infrastructure;
using Google.Protobuf;

namespace AcquirerEngine.Grpc.Tests.Http2;

/// <summary>
/// The client's own HTTP/2 transport against a server played frame by frame: the parts of RFC 9113 and RFC 7541
/// Kestrel does not exercise (it sends no CONTINUATION, padding or Huffman code, and rarely GOAWAY mid-call).
/// </summary>
public sealed class DirectHttp2ProtocolTests
{
    private const byte StatusOkIndexed = 0x88; // :status 200, static index 8

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    // "custom-key: custom-value", literal with incremental indexing, both strings Huffman-coded (RFC 7541 C.4.3).
    private static readonly byte[] HuffmanCustomKeyIndexed = Convert.FromHexString("408825a849e95ba97d7f8925a849e95bb8e8b4bf");

    private static GrpcClient Direct(Uri address) => new(address, new GrpcClientOptions { Transport = GrpcClientTransport.DirectHttp2 });

    private static TerminalServiceClient Terminal(GrpcClient client) => new(client);

    [Fact]
    public async Task Answers_ping_and_reads_responses_split_by_continuation_padded_and_indexed_across_calls()
    {
        using var server = new ScriptedHttp2Server();
        using var client = Direct(server.Address);
        var first = Terminal(client).SignOnAsync(new SignOnRequest { TerminalId = "T1" });
        using var connection = await server.AcceptAsync();
        await connection.SendSettingsAsync();
        var (streamId, body) = await connection.ReadRequestAsync();
        Assert.Equal("T1", SignOnRequest.Parser.ParseFrom(body.AsSpan(5)).TerminalId);

        await connection.WriteFrameAsync(Http2FrameType.Ping, 0, 0, [1, 2, 3, 4, 5, 6, 7, 8]);

        // Headers: :status 200, then content-type with incremental indexing (name index 31), split in two frames.
        byte[] headerBlock = [StatusOkIndexed, 0x5F, 16, .. "application/grpc"u8];
        await connection.WriteFrameAsync(Http2FrameType.Headers, 0, streamId, headerBlock.AsSpan(0, 4));
        await connection.WriteFrameAsync(Http2FrameType.Continuation, Http2FrameFlags.EndHeaders, streamId, headerBlock.AsSpan(4));

        // DATA with three octets of padding.
        var message = Wire.Frame(new SignOnResponse { BatchNo = 42 });
        await connection.WriteFrameAsync(Http2FrameType.Data, Http2FrameFlags.Padded, streamId, [3, .. message, 0, 0, 0]);
        await connection.WriteFrameAsync(
            Http2FrameType.Headers,
            Http2FrameFlags.EndHeaders | Http2FrameFlags.EndStream,
            streamId,
            [.. HuffmanCustomKeyIndexed, .. ScriptedHttp2Connection.Literal("grpc-status", "0")]);

        Assert.Equal(42u, (await first.WaitAsync(Patience)).BatchNo);
        var pingAck = await connection.ReadUntilAsync(Http2FrameType.Ping);
        Assert.True(pingAck.Header.HasFlag(Http2FrameFlags.Ack));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, pingAck.Payload);

        // The second call's headers and trailers refer to the dynamic table the first one filled:
        // 62 is the newest entry (custom-key), 63 the one before it (content-type).
        var second = Terminal(client).SignOnAsync(new SignOnRequest { TerminalId = "T2" });
        var (secondId, _) = await connection.ReadRequestAsync();
        Assert.Equal(streamId + 2, secondId);
        await connection.WriteFrameAsync(Http2FrameType.Headers, Http2FrameFlags.EndHeaders, secondId, [StatusOkIndexed, 0x80 | 63]);
        await connection.WriteFrameAsync(
            Http2FrameType.Headers,
            Http2FrameFlags.EndHeaders | Http2FrameFlags.EndStream,
            secondId,
            [0x80 | 62, .. ScriptedHttp2Connection.Literal("grpc-status", "5"), .. ScriptedHttp2Connection.Literal("grpc-message", "no%20such%20terminal")]);

        var ex = await Assert.ThrowsAsync<RpcException>(() => second.WaitAsync(Patience));
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("no such terminal", ex.Detail);
        Assert.Equal("custom-value", ex.Trailers.GetValue("custom-key"));
    }

    [Fact]
    public async Task Goaway_fails_the_calls_the_server_did_not_take_with_unavailable_and_the_next_call_reconnects()
    {
        using var server = new ScriptedHttp2Server();
        using var client = Direct(server.Address);
        var refused = Terminal(client).SignOnAsync(new SignOnRequest { TerminalId = "T1" });
        using (var first = await server.AcceptAsync())
        {
            await first.SendSettingsAsync();
            await first.ReadRequestAsync();
            await first.SendGoAwayAsync(lastStreamId: 0, errorCode: 0);

            var ex = await Assert.ThrowsAsync<RpcException>(() => refused.WaitAsync(Patience));
            Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
            Assert.Contains("GOAWAY", ex.Detail, StringComparison.Ordinal);
        }

        var retried = Terminal(client).SignOnAsync(new SignOnRequest { TerminalId = "T1" });
        using var second = await ServeOneCallAsync(server, new SignOnResponse { BatchNo = 9 });

        Assert.Equal(9u, (await retried.WaitAsync(Patience)).BatchNo);
    }

    [Fact]
    public async Task A_connection_closed_mid_call_fails_the_call_with_unavailable_and_the_next_call_reconnects()
    {
        using var server = new ScriptedHttp2Server();
        using var client = Direct(server.Address);
        var lost = Terminal(client).SignOnAsync(new SignOnRequest());
        using (var first = await server.AcceptAsync())
        {
            await first.SendSettingsAsync();
            await first.ReadRequestAsync();
        }

        var ex = await Assert.ThrowsAsync<RpcException>(() => lost.WaitAsync(Patience));
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Contains(server.Address.Authority, ex.Detail, StringComparison.Ordinal);

        var next = Terminal(client).SignOnAsync(new SignOnRequest());
        using var second = await ServeOneCallAsync(server, new SignOnResponse { BatchNo = 3 });
        Assert.Equal(3u, (await next.WaitAsync(Patience)).BatchNo);
    }

    [Theory]
    [InlineData(0x7u, StatusCode.Unavailable)] // REFUSED_STREAM
    [InlineData(0x8u, StatusCode.Cancelled)] // CANCEL
    [InlineData(0xBu, StatusCode.ResourceExhausted)] // ENHANCE_YOUR_CALM
    [InlineData(0x2u, StatusCode.Internal)] // INTERNAL_ERROR
    public async Task A_reset_stream_fails_its_call_by_the_grpc_mapping_of_its_code(uint errorCode, StatusCode expected)
    {
        using var server = new ScriptedHttp2Server();
        using var client = Direct(server.Address);
        var call = Terminal(client).SignOnAsync(new SignOnRequest());
        using var connection = await server.AcceptAsync();
        await connection.SendSettingsAsync();
        var (streamId, _) = await connection.ReadRequestAsync();

        await connection.SendRstStreamAsync(streamId, errorCode);

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.WaitAsync(Patience));
        Assert.Equal(expected, ex.StatusCode);
        Assert.Contains($"0x{errorCode:X}", ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_frame_above_the_size_the_client_allows_closes_the_connection_with_a_frame_size_goaway()
    {
        using var server = new ScriptedHttp2Server();
        using var client = Direct(server.Address);
        var call = Terminal(client).SignOnAsync(new SignOnRequest());
        using var connection = await server.AcceptAsync();
        await connection.SendSettingsAsync();
        var (streamId, _) = await connection.ReadRequestAsync();
        await connection.WriteFrameAsync(Http2FrameType.Headers, Http2FrameFlags.EndHeaders, streamId, [StatusOkIndexed, .. ScriptedHttp2Connection.Literal("content-type", "application/grpc")]);

        // 16,384 octets is the largest frame a peer may send before the client raises SETTINGS_MAX_FRAME_SIZE.
        await connection.WriteFrameAsync(Http2FrameType.Data, 0, streamId, new byte[16_385]);

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.WaitAsync(Patience));
        var goAway = await connection.ReadUntilAsync(Http2FrameType.GoAway);
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Equal(0x6u, BinaryPrimitives.ReadUInt32BigEndian(goAway.Payload.AsSpan(4)));
    }

    [Fact]
    public async Task The_servers_stream_limit_and_initial_window_bound_what_the_client_sends()
    {
        using var server = new ScriptedHttp2Server();
        using var client = Direct(server.Address);
        var request = new SignOnRequest { TerminalId = new string('t', 40) };
        var first = Terminal(client).SignOnAsync(request);
        using var connection = await server.AcceptAsync();

        // One stream at a time, and ten octets of window per stream until told otherwise.
        await connection.SendSettingsAsync((0x3, 1), (0x4, 10));
        var headers = await connection.ReadUntilAsync(Http2FrameType.Headers);
        var data = await connection.ReadUntilAsync(Http2FrameType.Data);
        Assert.Equal(10, data.Header.Length);
        Assert.False(data.Header.HasFlag(Http2FrameFlags.EndStream));

        // A second call cannot share this connection: the client opens another.
        var second = Terminal(client).SignOnAsync(request);
        using var other = await ServeOneCallAsync(server, new SignOnResponse { BatchNo = 2 });

        await connection.SendWindowUpdateAsync(headers.Header.StreamId, 1000);
        var body = new List<byte>(data.Payload);
        while (true)
        {
            var more = await connection.ReadUntilAsync(Http2FrameType.Data);
            body.AddRange(more.Payload);
            if (more.Header.HasFlag(Http2FrameFlags.EndStream))
            {
                break;
            }
        }

        Assert.Equal(request, SignOnRequest.Parser.ParseFrom(body.ToArray().AsSpan(5)));
        await RespondAsync(connection, headers.Header.StreamId, new SignOnResponse { BatchNo = 1 });
        Assert.Equal(1u, (await first.WaitAsync(Patience)).BatchNo);
        Assert.Equal(2u, (await second.WaitAsync(Patience)).BatchNo);
    }

    /// <summary>Takes the client's next connection, sends the server's SETTINGS, reads one request and answers it.</summary>
    private static async Task<ScriptedHttp2Connection> ServeOneCallAsync(ScriptedHttp2Server server, IMessage response)
    {
        var connection = await server.AcceptAsync();
        await connection.SendSettingsAsync();
        var (streamId, _) = await connection.ReadRequestAsync();
        await RespondAsync(connection, streamId, response);
        return connection;
    }

    private static async Task RespondAsync(ScriptedHttp2Connection connection, int streamId, IMessage response)
    {
        await connection.WriteFrameAsync(Http2FrameType.Headers, Http2FrameFlags.EndHeaders, streamId, [StatusOkIndexed, .. ScriptedHttp2Connection.Literal("content-type", "application/grpc")]);
        await connection.WriteFrameAsync(Http2FrameType.Data, 0, streamId, Wire.Frame(response));
        await connection.WriteFrameAsync(Http2FrameType.Headers, Http2FrameFlags.EndHeaders | Http2FrameFlags.EndStream, streamId, ScriptedHttp2Connection.Literal("grpc-status", "0"));
    }
}
