// Lets WebApplicationFactory<Program> in the tests reach the top-level program.
#pragma warning disable CA1050, S1118
public partial class Program;
#pragma warning restore CA1050, S1118
