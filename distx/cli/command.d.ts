/** The shape every `hipgait` sub-command implements, and the IO it is given (so tests can capture output). */
export interface CliIo {
    stdout: NodeJS.WritableStream & {
        isTTY?: boolean;
    };
    stderr: NodeJS.WritableStream & {
        isTTY?: boolean;
    };
}
export interface Command {
    name: string;
    /** One line for the command list in `hipgait --help`. */
    summary: string;
    /** Full help text printed by `hipgait <command> --help`: usage, every option with its unit and default, examples. */
    help: string;
    /** Runs the command; returns the process exit code. Throws UserError for the user's mistakes. */
    run(argv: string[], io: CliIo): Promise<number>;
}
