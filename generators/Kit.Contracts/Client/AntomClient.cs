using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Kit.Contracts.Antom;
using Kit.Contracts.Operations;
using Kit.Contracts.Signing;
using Kit.Schema;

namespace Kit.Contracts.Client;

/// <summary>
/// A typed, signed Antom client over <see cref="HttpClient"/> (register it with IHttpClientFactory as a typed
/// client). Each call validates the request with the generated validator, signs the exact bytes it sends, verifies
/// the response signature, and returns the typed response with its S/F/U outcome explicit.
/// </summary>
public sealed class AntomClient
{
    private readonly HttpClient _http;
    private readonly AntomClientOptions _options;
    private readonly AntomSigner _signer;
    private readonly AntomSignatureVerifier? _verifier;

    public AntomClient(HttpClient http, AntomClientOptions options)
    {
        _http = http;
        _options = options;
        if (string.IsNullOrWhiteSpace(options.ClientId))
            throw new ArgumentException("ClientId is required (the merchant client id from the Antom Dashboard).", nameof(options));
        if (options.ResponseSignature == ResponseSignaturePolicy.Required && options.AntomPublicKey is null)
            throw new ArgumentException("AntomPublicKey is required to verify responses; set it, or choose ResponseSignaturePolicy.Optional.", nameof(options));
        if (http.BaseAddress is null && options.BaseAddress is null)
            throw new ArgumentException("Set HttpClient.BaseAddress or AntomClientOptions.BaseAddress (AntomEndpoints.BaseAddress(region), or the simulator's URL).", nameof(options));
        _signer = new AntomSigner(options.MerchantPrivateKey, options.KeyVersion);
        _verifier = options.AntomPublicKey is null ? null : new AntomSignatureVerifier(options.AntomPublicKey);
    }

    public Task<AntomResponse<CreatePaymentSessionResponse>> CreatePaymentSessionAsync(CreatePaymentSessionRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(AntomOperations.CreatePaymentSession, request, cancellationToken);

    public Task<AntomResponse<InquiryPaymentResponse>> InquiryPaymentAsync(InquiryPaymentRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(AntomOperations.InquiryPayment, request, cancellationToken);

    public Task<AntomResponse<CancelResponse>> CancelAsync(CancelRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(AntomOperations.Cancel, request, cancellationToken);

    /// <summary>Refunds all or part of a successful payment. A U answer (REFUND_IN_PROCESS for an asynchronous refund, or any other) is settled by inquiryRefund or notifyRefund; retry only with the same refundRequestId.</summary>
    public Task<AntomResponse<RefundResponse>> RefundAsync(RefundRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(AntomOperations.Refund, request, cancellationToken);

    public Task<AntomResponse<InquiryRefundResponse>> InquiryRefundAsync(InquiryRefundRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(AntomOperations.InquiryRefund, request, cancellationToken);

    /// <summary>Calls any operation of <see cref="AntomOperations"/>: validated, signed, sent, and its response verified and typed.</summary>
    public async Task<AntomResponse<TResponse>> SendAsync<TRequest, TResponse>(AntomOperation<TRequest, TResponse> operation, TRequest request, CancellationToken cancellationToken = default)
    {
        var api = operation.Name;
        var body = operation.SerializeRequest(request);
        var requestCheck = operation.ValidateRequest(body);
        if (!requestCheck.IsValid) throw new AntomRequestValidationException(api, requestCheck.Violations);

        var clientId = _options.ClientId;
        var path = AntomEndpoints.PathFor(operation.Path, clientId);
        var requestTime = _options.Time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        using var message = new HttpRequestMessage(HttpMethod.Post, _http.BaseAddress is null ? new Uri(_options.BaseAddress!, path) : new Uri(path, UriKind.Relative))
        {
            Content = new ByteArrayContent(body),
        };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=UTF-8");
        message.Headers.TryAddWithoutValidation("Client-Id", clientId);
        message.Headers.TryAddWithoutValidation("Request-Time", requestTime);
        message.Headers.TryAddWithoutValidation("Signature", _signer.SignatureHeaderValue("POST", path, clientId, requestTime, body));

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AntomTransportException(AntomTransportFailure.Timeout, api, $"no response within {_http.Timeout.TotalSeconds:0.#} s; the outcome is unknown, so inquire before retrying", inner: e);
        }
        catch (HttpRequestException e)
        {
            throw new AntomTransportException(AntomTransportFailure.Network, api, $"could not reach {message.RequestUri}: {e.Message}", inner: e);
        }

        using (response)
        {
            var raw = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var text = Encoding.UTF8.GetString(raw);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new AntomTransportException(AntomTransportFailure.HttpStatus, api,
                    $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}; Antom answers 200 even for business failures, so this came from something else on the way",
                    (int)response.StatusCode, text);

            var signature = VerifyResponse(api, response, path, clientId, raw, text);

            var responseCheck = operation.ValidateResponse(raw);
            if (!responseCheck.IsValid)
            {
                var notJson = responseCheck.Violations.Any(v => v.Keyword == "json");
                throw new AntomTransportException(notJson ? AntomTransportFailure.NotJson : AntomTransportFailure.InvalidResponse, api,
                    notJson ? "the response body is not JSON" : "the response does not match its schema: " + string.Join("; ", responseCheck.Violations),
                    200, text);
            }
            var typed = JsonSerializer.Deserialize(raw, operation.ResponseType)!;
            return new AntomResponse<TResponse>(typed, operation.ResultOf(typed), text, signature);
        }
    }

    private SignatureVerification VerifyResponse(string api, HttpResponseMessage response, string path, string clientId, byte[] raw, string text)
    {
        var header = Header(response, "signature");
        if (header is null)
        {
            if (_options.ResponseSignature == ResponseSignaturePolicy.Required)
                throw new AntomTransportException(AntomTransportFailure.ResponseSignatureMissing, api, "the response has no signature header and the client requires signed responses", 200, text);
            return SignatureVerification.Fail(SignatureFailure.MissingHeader, "the response was not signed (accepted: ResponseSignaturePolicy.Optional)");
        }
        if (_verifier is null)
            return SignatureVerification.Fail(SignatureFailure.MissingHeader, "the response is signed but not verified: no AntomPublicKey is configured");

        var responseClient = Header(response, "client-id");
        var verification = responseClient is not null && responseClient != clientId
            ? SignatureVerification.Fail(SignatureFailure.ClientIdMismatch, $"the response is for client id '{responseClient}', not '{clientId}'")
            : _verifier.Verify(header, "POST", path, clientId, Header(response, "response-time"), raw);
        if (!verification.IsValid)
            throw new AntomTransportException(AntomTransportFailure.ResponseSignatureInvalid, api, verification.ToString(), 200, text);
        return verification;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? contentValues.FirstOrDefault()
        : null;
}
