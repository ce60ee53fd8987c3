using System.Collections.Concurrent;
using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc.Tests.Infrastructure;
using Google.Protobuf.Reflection;
using Microsoft.Extensions.Logging;

namespace AcquirerEngine.Grpc.Tests.Server;

/// <summary>
/// The server and the client together, over a real h2c connection on loopback, with the client on HttpClient;
/// <see cref="GrpcServerEndToEndOverDirectHttp2Tests"/> runs every test again on the client's own HTTP/2 transport.
/// </summary>
public class GrpcServerEndToEndTests
{
    private static readonly ServiceDescriptor Terminal = GrpcServiceDescriptors.TerminalService;
    private static readonly MethodDescriptor Sale = GrpcServiceDescriptors.FindMethod<SaleRequest, SaleResponse>(Terminal);
    private static readonly MethodDescriptor SignOn = GrpcServiceDescriptors.FindMethod<SignOnRequest, SignOnResponse>(Terminal);
    private static readonly MethodDescriptor Upload = GrpcServiceDescriptors.FindMethod<UploadBatchRequest, UploadBatchResponse>(Terminal);
    private static readonly MethodDescriptor GetTransaction = GrpcServiceDescriptors.FindMethod<GetTransactionRequest, Transaction>(Terminal);
    private static readonly MethodDescriptor ListBatch = GrpcServiceDescriptors.FindMethod<ListBatchTransactionsRequest, Transaction>(Terminal);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>How the tests' clients carry their unary calls.</summary>
    protected virtual GrpcClientTransport Transport => GrpcClientTransport.HttpClient;

    [Fact]
    public async Task Unary_round_trip_returns_the_handlers_response()
    {
        await using var server = await GrpcTestServer.StartAsync(r => r.AddUnary<SaleRequest, SaleResponse>(Sale, (req, _) =>
            Task.FromResult(new SaleResponse
            {
                Result = SaleResult.Approved,
                Rrn = req.Stan.ToString("D12", System.Globalization.CultureInfo.InvariantCulture),
                ApprovalCode = req.MerchantId + "/" + req.AmountMinor,
            })));
        using var client = NewClient(server.Address);
        var terminal = new TerminalServiceClient(client);

        var response = await terminal.SaleAsync(new SaleRequest { MerchantId = "M1", Stan = 42, AmountMinor = 1999 });

        Assert.Equal(SaleResult.Approved, response.Result);
        Assert.Equal("000000000042", response.Rrn);
        Assert.Equal("M1/1999", response.ApprovalCode);
    }

    [Fact]
    public async Task The_running_calls_context_is_ambient_to_its_handler_and_carries_the_clients_deadline()
    {
        await using var server = await GrpcTestServer.StartAsync(r => r.AddUnary<SaleRequest, SaleResponse>(Sale, async (_, context) =>
        {
            await Task.Yield();
            var ambient = ServerCallContext.Current;
            return new SaleResponse
            {
                Rrn = ReferenceEquals(ambient, context) ? "same" : "other",
                ApprovalCode = ambient?.Deadline is { } deadline ? (deadline - DateTimeOffset.UtcNow).TotalSeconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture) : "none",
            };
        }));
        using var client = NewClient(server.Address);

        var response = await new TerminalServiceClient(client).SaleAsync(new SaleRequest(), new CallOptions { Timeout = TimeSpan.FromSeconds(20) });

        Assert.Equal("same", response.Rrn);
        Assert.InRange(int.Parse(response.ApprovalCode, System.Globalization.CultureInfo.InvariantCulture), 15, 20);
        Assert.Null(ServerCallContext.Current);
    }

    [Fact]
    public async Task Many_calls_share_the_client_and_run_concurrently()
    {
        await using var server = await GrpcTestServer.StartAsync(r => r.AddUnary<SignOnRequest, SignOnResponse>(SignOn, (req, _) =>
            Task.FromResult(new SignOnResponse { BatchNo = uint.Parse(req.TerminalId, System.Globalization.CultureInfo.InvariantCulture) })));
        using var client = NewClient(server.Address);
        var terminal = new TerminalServiceClient(client);

        var calls = Enumerable.Range(1, 50)
            .Select(async i => (i, (await terminal.SignOnAsync(new SignOnRequest { TerminalId = i.ToString(System.Globalization.CultureInfo.InvariantCulture) })).BatchNo));
        var results = await Task.WhenAll(calls);

        Assert.All(results, r => Assert.Equal((uint)r.i, r.BatchNo));
    }

    [Fact]
    public async Task Server_streaming_delivers_every_message_in_order()
    {
        await using var server = await GrpcTestServer.StartAsync(r => r.AddServerStreaming<ListBatchTransactionsRequest, Transaction>(
            ListBatch,
            async (req, stream, ctx) =>
            {
                for (uint stan = 1; stan <= 5; stan++)
                {
                    await stream.WriteAsync(new Transaction { MerchantId = req.MerchantId, BatchNo = req.BatchNo, Stan = stan }, ctx.CancellationToken);
                }
            }));
        using var client = NewClient(server.Address);
        var terminal = new TerminalServiceClient(client);

        var received = new List<Transaction>();
        await foreach (var tx in terminal.ListBatchTransactionsAsync(new ListBatchTransactionsRequest { MerchantId = "M9", BatchNo = 7 }))
        {
            received.Add(tx);
        }

        Assert.Equal([1u, 2u, 3u, 4u, 5u], received.Select(t => t.Stan));
        Assert.All(received, t => Assert.Equal("M9", t.MerchantId));
        Assert.All(received, t => Assert.Equal(7u, t.BatchNo));
    }

    [Fact]
    public async Task Server_streaming_with_no_messages_ends_cleanly()
    {
        await using var server = await GrpcTestServer.StartAsync(r => r.AddServerStreaming<ListBatchTransactionsRequest, Transaction>(
            ListBatch, (_, _, _) => Task.CompletedTask));
        using var client = NewClient(server.Address);

        var received = new List<Transaction>();
        await foreach (var tx in new TerminalServiceClient(client).ListBatchTransactionsAsync(new ListBatchTransactionsRequest()))
        {
            received.Add(tx);
        }

        Assert.Empty(received);
    }

    [Fact]
    public async Task Server_streaming_error_after_messages_arrives_after_them_in_trailers()
    {
        await using var server = await GrpcTestServer.StartAsync(r => r.AddServerStreaming<ListBatchTransactionsRequest, Transaction>(
            ListBatch,
            async (_, stream, ctx) =>
            {
                await stream.WriteAsync(new Transaction { Stan = 1 });
                await stream.WriteAsync(new Transaction { Stan = 2 });
                ctx.ResponseTrailers.Add("x-batch-state", "open");
                throw new RpcException(StatusCode.FailedPrecondition, "batch is still open");
            }));
        using var client = NewClient(server.Address);

        var received = new List<uint>();
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var tx in new TerminalServiceClient(client).ListBatchTransactionsAsync(new ListBatchTransactionsRequest()))
            {
                received.Add(tx.Stan);
            }
        });

        Assert.Equal([1u, 2u], received);
        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Equal("batch is still open", ex.Detail);
        Assert.Equal("open", ex.Trailers.GetValue("x-batch-state"));
    }

    [Fact]
    public async Task Unknown_method_is_unimplemented()
    {
        await using var server = await GrpcTestServer.StartAsync(r => r.AddUnary<SaleRequest, SaleResponse>(Sale, (_, _) => Task.FromResult(new SaleResponse())));
        using var client = NewClient(server.Address);

        var ex = await Assert.ThrowsAsync<RpcException>(() => new TerminalServiceClient(client).VoidAsync(new VoidRequest()));

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
        Assert.Contains("/acquirer.v1.TerminalService/Void", ex.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("amount_minor must be positive")]
    [InlineData("金额必须为正 (amount_minor) – 100% wrong")]
    [InlineData("%41 is not A, %%, trailing %")]
    [InlineData("line one\nline two\ttabbed")]
    public async Task RpcException_from_handler_reaches_the_client_with_code_and_exact_message(string detail)
    {
        await using var server = await GrpcTestServer.StartAsync(r => r.AddUnary<SaleRequest, SaleResponse>(Sale, (_, _) =>
            throw new RpcException(StatusCode.InvalidArgument, detail)));
        using var client = NewClient(server.Address);

        var ex = await Assert.ThrowsAsync<RpcException>(() => new TerminalServiceClient(client).SaleAsync(new SaleRequest { AmountMinor = -1 }));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(detail, ex.Detail);
    }

    [Fact]
    public async Task RpcException_thrown_synchronously_and_with_trailers_is_still_mapped()
    {
        await using var server = await GrpcTestServer.StartAsync(r => r.AddUnary<SaleRequest, SaleResponse>(Sale, (_, ctx) =>
        {
            ctx.ResponseTrailers.Add("x-from-context", "1");
            throw new RpcException(StatusCode.AlreadyExists, "duplicate", new Metadata().Add("x-from-exception", "2"));
        }));
        using var client = NewClient(server.Address);

        var ex = await Assert.ThrowsAsync<RpcException>(() => new TerminalServiceClient(client).SaleAsync(new SaleRequest()));

        Assert.Equal(StatusCode.AlreadyExists, ex.StatusCode);
        Assert.Equal("1", ex.Trailers.GetValue("x-from-context"));
        Assert.Equal("2", ex.Trailers.GetValue("x-from-exception"));
    }

    [Fact]
    public async Task Unexpected_exception_is_unknown_without_leaking_its_message_and_is_logged()
    {
        const string secret = "connection string Password=hunter2";
        await using var server = await GrpcTestServer.StartAsync(r => r.AddUnary<SaleRequest, SaleResponse>(Sale, async (_, _) =>
        {
            await Task.Yield();
            throw new InvalidOperationException(secret);
        }));
        using var client = NewClient(server.Address);

        var ex = await Assert.ThrowsAsync<RpcException>(() => new TerminalServiceClient(client).SaleAsync(new SaleRequest()));

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.DoesNotContain("hunter2", ex.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), ex.Detail, StringComparison.Ordinal);
        Assert.Contains(server.Logs.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == secret);
    }

    [Fact]
    public async Task Detailed_errors_option_does_include_the_exception_message()
    {
        await using var server = await GrpcTestServer.StartAsync(
            r => r.AddUnary<SaleRequest, SaleResponse>(Sale, (_, _) => throw new InvalidOperationException("boom")),
            new GrpcServerOptions { EnableDetailedErrors = true });
        using var client = NewClient(server.Address);

        var ex = await Assert.ThrowsAsync<RpcException>(() => new TerminalServiceClient(client).SaleAsync(new SaleRequest()));

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.Contains("boom", ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_chooses_the_status_of_an_unexpected_exception_after_it_is_logged()
    {
        var options = new GrpcServerOptions
        {
            UnexpectedExceptionStatus = ex => ex is TimeoutException ? new RpcException(StatusCode.Unavailable, "store unreachable; retry") : null,
        };
        await using var server = await GrpcTestServer.StartAsync(
            r => r.AddUnary<SaleRequest, SaleResponse>(Sale, (request, _) => request.Stan == 1
                ? throw new TimeoutException("store at 10.0.0.5 timed out")
                : throw new InvalidOperationException("bug")),
            options);
        using var client = NewClient(server.Address);

        var chosen = await Assert.ThrowsAsync<RpcException>(() => new TerminalServiceClient(client).SaleAsync(new SaleRequest { Stan = 1 }));
        var unchosen = await Assert.ThrowsAsync<RpcException>(() => new TerminalServiceClient(client).SaleAsync(new SaleRequest { Stan = 2 }));

        Assert.Equal((StatusCode.Unavailable, "store unreachable; retry"), (chosen.StatusCode, chosen.Detail));
        Assert.Equal(StatusCode.Unknown, unchosen.StatusCode);
        Assert.Contains(server.Logs.Entries, e => e.Level == LogLevel.Error && e.Exception is TimeoutException);
        Assert.Contains(server.Logs.Entries, e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task Deadline_expiry_is_deadline_exceeded_and_cancels_the_handlers_token()
    {
        var handlerCancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        DateTimeOffset? seenDeadline = null;
        await using var server = await GrpcTestServer.StartAsync(r => r.AddUnary<SaleRequest, SaleResponse>(Sale, async (_, ctx) =>
        {
            seenDeadline = ctx.Deadline;
            try
            {
                await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
            }
            finally
            {
                handlerCancelled.TrySetResult(ctx.CancellationToken.IsCancellationRequested);
            }

            return new SaleResponse();
        }));
        using var client = NewClient(server.Address);
        var before = DateTimeOffset.UtcNow;

        // The deadline counts from the call's start, connecting included: long enough for a busy test machine to
        // connect, so that the call reaches the handler before it expires.
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            new TerminalServiceClient(client).SaleAsync(new SaleRequest(), new CallOptions { Timeout = TimeSpan.FromMilliseconds(500) }));

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.True(await handlerCancelled.Task.WaitAsync(Patience));
        Assert.NotNull(seenDeadline);
        Assert.InRange(seenDeadline!.Value, before, before.AddSeconds(5));
    }

    [Fact]
    public async Task Server_enforces_the_deadline_even_when_the_handler_ignores_its_token()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handlerFinished = false;
        await using var server = await GrpcTestServer.StartAsync(r => r.AddUnary<SaleRequest, SaleResponse>(Sale, async (_, _) =>
        {
            await release.Task;
            handlerFinished = true;
            return new SaleResponse();
        }));
        using var http = Wire.CreateH2cClient();
        using var request = Wire.Post(server.Address, GrpcServiceRegistry.GetRoute(Sale), Wire.Frame(new SaleRequest()));
        request.Headers.TryAddWithoutValidation("grpc-timeout", "100m");

        // No client-side timeout: only the server can end this call.
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Patience);
        var body = await response.Content.ReadAsByteArrayAsync();
        var status = Wire.Header(response.Headers, "grpc-status") ?? Wire.Header(response.TrailingHeaders, "grpc-status");

        Assert.Equal("4", status);
        Assert.Empty(body);
        Assert.False(handlerFinished);
        release.SetResult();
    }

    [Fact]
    public async Task Client_cancellation_is_cancelled_and_cancels_the_handlers_token()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handlerCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await GrpcTestServer.StartAsync(r => r.AddUnary<SaleRequest, SaleResponse>(Sale, async (_, ctx) =>
        {
            using var registration = ctx.CancellationToken.Register(() => handlerCancelled.TrySetResult());
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
            return new SaleResponse();
        }));
        using var client = NewClient(server.Address);
        using var cts = new CancellationTokenSource();

        var call = new TerminalServiceClient(client).SaleAsync(new SaleRequest(), new CallOptions { CancellationToken = cts.Token });
        await started.Task.WaitAsync(Patience);
        await cts.CancelAsync();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call);

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        await handlerCancelled.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task Expired_deadline_fails_locally_without_calling_the_server()
    {
        var calls = 0;
        await using var server = await GrpcTestServer.StartAsync(r => r.AddUnary<SaleRequest, SaleResponse>(Sale, (_, _) =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(new SaleResponse());
        }));
        using var client = NewClient(server.Address);

        var ex = await Assert.ThrowsAsync<RpcException>(() => new TerminalServiceClient(client)
            .SaleAsync(new SaleRequest(), new CallOptions { Deadline = DateTimeOffset.UtcNow.AddSeconds(-1) }));

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task Oversized_request_is_resource_exhausted_naming_the_sizes_and_never_reaches_the_handler()
    {
        var calls = 0;
        await using var server = await GrpcTestServer.StartAsync(
            r => r.AddUnary<UploadBatchRequest, UploadBatchResponse>(Upload, (_, _) =>
            {
                Interlocked.Increment(ref calls);
                return Task.FromResult(new UploadBatchResponse());
            }),
            new GrpcServerOptions { MaxReceiveMessageSize = 1024 });
        using var client = NewClient(server.Address);
        var request = new UploadBatchRequest { MerchantId = "M1" };
        request.Records.AddRange(Enumerable.Range(1, 100).Select(i => new SaleRequest { Stan = (uint)i, CardToken = new string('t', 32) }));
        var size = Google.Protobuf.MessageExtensions.ToByteArray(request).Length;

        var ex = await Assert.ThrowsAsync<RpcException>(() => new TerminalServiceClient(client).UploadBatchAsync(request));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Contains("1024", ex.Detail, StringComparison.Ordinal);
        Assert.Contains(size.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Detail, StringComparison.Ordinal);
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task Oversized_response_is_resource_exhausted_on_the_server_send_limit()
    {
        await using var server = await GrpcTestServer.StartAsync(
            r => r.AddUnary<GetTransactionRequest, Transaction>(GetTransaction, (_, _) =>
                Task.FromResult(new Transaction { DeclineReason = new string('x', 5000) })),
            new GrpcServerOptions { MaxSendMessageSize = 1000 });
        using var client = NewClient(server.Address);

        var ex = await Assert.ThrowsAsync<RpcException>(() => new TerminalServiceClient(client).GetTransactionAsync(new GetTransactionRequest()));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Contains("1000", ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_response_is_resource_exhausted_on_the_client_receive_limit()
    {
        await using var server = await GrpcTestServer.StartAsync(r => r.AddUnary<GetTransactionRequest, Transaction>(GetTransaction, (_, _) =>
            Task.FromResult(new Transaction { DeclineReason = new string('x', 5000) })));
        using var client = NewClient(server.Address, new GrpcClientOptions { MaxReceiveMessageSize = 1000 });

        var ex = await Assert.ThrowsAsync<RpcException>(() => new TerminalServiceClient(client).GetTransactionAsync(new GetTransactionRequest()));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Contains("1000", ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metadata_reaches_the_handler_lower_cased_and_read_only_with_peer_and_method()
    {
        var seen = new ConcurrentDictionary<string, string?>();
        Metadata? headers = null;
        await using var server = await GrpcTestServer.StartAsync(r => r.AddUnary<SaleRequest, SaleResponse>(Sale, (_, ctx) =>
        {
            headers = ctx.RequestHeaders;
            seen["x-request-id"] = ctx.RequestHeaders.GetValue("x-request-id");
            seen["content-type"] = ctx.RequestHeaders.GetValue("content-type");
            seen["peer"] = ctx.Peer;
            seen["method"] = ctx.Method;
            seen["deadline"] = ctx.Deadline?.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            return Task.FromResult(new SaleResponse());
        }));
        using var client = NewClient(server.Address);

        await new TerminalServiceClient(client).SaleAsync(new SaleRequest(), new CallOptions { Headers = new Metadata().Add("X-Request-Id", "abc-123") });

        Assert.Equal("abc-123", seen["x-request-id"]);
        Assert.Null(seen["content-type"]);
        Assert.StartsWith("ipv4:127.0.0.1:", seen["peer"], StringComparison.Ordinal);
        Assert.Equal(GrpcServiceRegistry.GetRoute(Sale), seen["method"]);
        Assert.Null(seen["deadline"]);
        Assert.True(headers!.IsReadOnly);
        Assert.Throws<InvalidOperationException>(() => headers.Add("x-more", "1"));
    }

    [Fact]
    public async Task Operator_client_sends_its_bearer_token()
    {
        var service = GrpcServiceDescriptors.OperatorService;
        string? authorization = null;
        await using var server = await GrpcTestServer.StartAsync(r => r.AddUnary<OnboardMerchantRequest, OnboardMerchantResponse>(
            GrpcServiceDescriptors.FindMethod<OnboardMerchantRequest, OnboardMerchantResponse>(service),
            (req, ctx) =>
            {
                authorization = ctx.RequestHeaders.GetValue("authorization");
                return Task.FromResult(new OnboardMerchantResponse { Created = req.MerchantId == "M1" });
            }));
        using var client = NewClient(server.Address);
        var operators = new OperatorServiceClient(client, "op-token-1");

        var response = await operators.OnboardMerchantAsync(
            new OnboardMerchantRequest { MerchantId = "M1" },
            new CallOptions { Headers = new Metadata().Add("authorization", "Bearer forged") });

        Assert.True(response.Created);
        Assert.Equal("Bearer op-token-1", authorization);
    }

    [Fact]
    public async Task Endpoint_routing_mapping_serves_methods_and_answers_unknown_ones_with_unimplemented()
    {
        await using var server = await GrpcTestServer.StartAsync(
            r => r.AddUnary<SaleRequest, SaleResponse>(Sale, (_, _) => Task.FromResult(new SaleResponse { Rrn = "routed" })),
            useEndpointRouting: true);
        using var client = NewClient(server.Address);
        var terminal = new TerminalServiceClient(client);

        var response = await terminal.SaleAsync(new SaleRequest());
        var ex = await Assert.ThrowsAsync<RpcException>(() => terminal.RefundAsync(new RefundRequest()));

        Assert.Equal("routed", response.Rrn);
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    private GrpcClient NewClient(Uri address, GrpcClientOptions? options = null)
    {
        options ??= new GrpcClientOptions();
        options.Transport = Transport;
        return new GrpcClient(address, options);
    }
}
