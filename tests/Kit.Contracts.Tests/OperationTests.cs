using System.Text.Json.Nodes;
using Kit.Contracts.Antom;
using Kit.Contracts.Client;
using Kit.Contracts.Operations;
using Xunit;

namespace Kit.Contracts.Tests;

/// <summary>Each Antom operation is described once; what reads the descriptors can rely on it being whole.</summary>
public sealed class OperationTests
{
    public static TheoryData<string> Names => new(AntomOperations.All.Select(o => o.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_operation_has_its_schemas_path_and_a_valid_result_only_answer(string name)
    {
        var operation = AntomOperations.All.Single(o => o.Name == name);
        Assert.Equal($"/ams/api/v1/payments/{name}", operation.Path);
        Assert.Same(operation, AntomOperations.ForPath(AntomEndpoints.PathFor(operation.Path, "SANDBOX_1")));
        Assert.Same(operation, AntomOperations.ForPath(operation.Path));
        foreach (var part in new[] { "request", "response" })
            Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "schemas", "antom", $"{name}.{part}.schema.json")), $"{name}.{part}.schema.json");
        // A failure answered before the operation ran must still be a valid response of the operation.
        var failure = operation.ResultOnly(new Result { ResultCode = "PARAM_ILLEGAL", ResultStatus = ResultStatus.F, ResultMessage = "x" });
        Assert.True(operation.ValidateResponse(failure).IsValid);
        Assert.False(operation.ValidateRequest("[]"u8.ToArray()).IsValid);
        // The result-code catalog may name it.
        var apis = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schemas", "antom", "resultCodeCatalog.schema.json")))!
            ["properties"]!["codes"]!["items"]!["properties"]!["apis"]!["items"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.Contains(name, apis);
    }

    [Fact]
    public void Unknown_paths_name_no_operation()
    {
        Assert.Null(AntomOperations.ForPath("/ams/api/v1/payments/pay"));
        Assert.Equal("pay", AntomOperations.NameIn("/ams/sandbox/api/v1/payments/pay"));
        Assert.Null(AntomOperations.NameIn("/kit/clock"));
        Assert.Equal(["notifyPayment", "notifyRefund"], AntomNotificationKinds.All.Select(k => k.Name));
    }
}
