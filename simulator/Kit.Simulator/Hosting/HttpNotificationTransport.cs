using System.Diagnostics;
using Kit.Simulator.Engine;

namespace Kit.Simulator.Hosting;

/// <summary>Delivers notifications over HTTP; a fault becomes an attempt with an error, never an exception.</summary>
public sealed class HttpNotificationTransport(HttpClient http) : INotificationTransport
{
    public async Task<TransportResult> PostAsync(string url, IReadOnlyDictionary<string, string> headers, byte[] body, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            foreach (var (name, value) in headers)
                if (!message.Headers.TryAddWithoutValidation(name, value)) message.Content.Headers.TryAddWithoutValidation(name, value);
            using var response = await http.SendAsync(message, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return new TransportResult((int)response.StatusCode, text, null, watch.Elapsed);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or UriFormatException)
        {
            return new TransportResult(null, null, $"{e.GetType().Name}: {e.Message}", watch.Elapsed);
        }
    }
}
