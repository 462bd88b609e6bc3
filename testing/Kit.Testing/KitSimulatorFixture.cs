using Kit.Testing.Control;

namespace Kit.Testing;

/// <summary>
/// One simulator shared by a test class (<c>IClassFixture&lt;KitSimulatorFixture&gt;</c>) or a collection
/// (<c>ICollectionFixture&lt;KitSimulatorFixture&gt;</c>), in xUnit v2 and v3 alike: it starts in the constructor
/// and stops when the runner disposes it. For other options, derive from it and pass them to the base constructor.
/// Tests that share it keep apart by their own paymentRequestIds (<see cref="Data.AntomTestData"/> makes unique ones).
/// </summary>
public class KitSimulatorFixture : IAsyncDisposable, IDisposable
{
    public KitSimulatorFixture() : this(new KitSimulatorOptions()) { }

    protected KitSimulatorFixture(KitSimulatorOptions options) => Simulator = KitSimulator.Start(options);

    public KitSimulator Simulator { get; }

    public Uri BaseAddress => Simulator.BaseAddress;

    public string ClientId => Simulator.ClientId;

    public SandboxKeys Keys => Simulator.Keys;

    public KitControlClient Control => Simulator.Control;

    public ValueTask DisposeAsync()
    {
        Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        Simulator.Dispose();
        GC.SuppressFinalize(this);
    }
}
