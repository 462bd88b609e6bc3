using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kit.Contracts.Antom;
using Kit.Contracts.Client;
using Kit.Contracts.Signing;
using Kit.Simulator.Hosting;
using Xunit;

namespace Kit.Simulator.Tests;

/// <summary>An in-memory simulator on a free loopback port with a virtual clock, and the clients tests talk to it with.</summary>
public sealed class RunningSimulator : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 5, 0, 0, TimeSpan.Zero);

    /// <param name="configure">Changes to the options (a shorter delivery timeout, an admin token, ...).</param>
    public RunningSimulator(Func<SimulatorOptions, SimulatorOptions>? configure = null)
    {
        var defaults = new SimulatorOptions { InMemory = true, VirtualClockStart = Start };
        var options = configure?.Invoke(defaults) ?? defaults;
        Host = SimulatorHost.StartOnFreePort(options);
        Control = new HttpClient { BaseAddress = Host.BaseAddress };
        if (options.AdminToken is { } token) Control.DefaultRequestHeaders.Authorization = new("Bearer", token);
    }

    public SimulatorHost Host { get; }

    /// <summary>Plain HTTP to the simulator, for the control API and raw requests.</summary>
    public HttpClient Control { get; }

    /// <summary>The Kit.Contracts client, signing as the sandbox merchant unless told otherwise.</summary>
    public AntomClient Client(RSA? key = null, string? clientId = null) => new(new HttpClient { BaseAddress = Host.BaseAddress }, new AntomClientOptions
    {
        ClientId = clientId ?? Host.Clients.SandboxClientId,
        MerchantPrivateKey = key ?? Host.Clients.SandboxMerchantKey,
        AntomPublicKey = AntomKeys.ImportPublicKey(Host.Clients.AntomPublicKeyPem),
    });

    /// <summary>POSTs to the control API and returns its JSON answer, failing the test on an error status.</summary>
    public async Task<JsonNode> Post(string path, string body = "{}")
    {
        var response = await Control.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!;
    }

    public static CreatePaymentSessionRequest Request(string requestId, string value = "125000") => new()
    {
        ProductCode = ProductCode.AgreementPayment,
        PaymentRequestId = requestId,
        PaymentRedirectUrl = "https://shop.example/done",
        PaymentNotifyUrl = "https://shop.example/notify",
        PaymentAmount = new Amount { Currency = "THB", Value = value },
        Order = new Order { OrderAmount = new Amount { Currency = "THB", Value = value }, OrderDescription = "ชุดกาแฟ", ReferenceOrderId = "ORD-1" },
        PaymentMethod = new PaymentMethod { PaymentMethodType = "BANK", PaymentMethodMetaData = new PaymentMethodMetaData { PaymentMethodCategory = PaymentMethodCategory.OnlineBanking } },
    };

    public void Dispose()
    {
        Control.Dispose();
        Host.Dispose();
    }
}
