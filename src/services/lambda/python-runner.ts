/**
 * The Python side of a Python function's invocation: `python3 -c <this>
 * <code dir> <module> <function> <event file> <result file> <context file>`.
 * It imports the module from the code folder, calls the function with the
 * event and a context object, and writes `{ok}` or `{error}` (Lambda's Python
 * error document) to the result file.
 */
export const PYTHON_BOOTSTRAP = `
import importlib, json, sys, time, traceback
code_dir, module_name, function_name, event_file, result_file, context_file = sys.argv[1:7]
sys.path.insert(0, code_dir)
with open(context_file) as f:
    meta = json.load(f)

class LambdaContext:
    def __init__(self, meta):
        self.function_name = meta["functionName"]
        self.function_version = meta["functionVersion"]
        self.invoked_function_arn = meta["invokedFunctionArn"]
        self.memory_limit_in_mb = meta["memoryLimitInMB"]
        self.aws_request_id = meta["awsRequestId"]
        self.log_group_name = meta["logGroupName"]
        self.log_stream_name = meta["logStreamName"]
        self._deadline = meta["deadlineMs"]

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline - time.time() * 1000))

def write(doc):
    with open(result_file, "w") as f:
        json.dump(doc, f)

def fail(kind, message, trace):
    write({"error": {"errorMessage": message, "errorType": kind, "requestId": meta["awsRequestId"], "stackTrace": trace}})

try:
    module = importlib.import_module(module_name.replace("/", "."))
except Exception as e:
    fail("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_name, e), [])
    sys.exit(0)
handler = getattr(module, function_name, None)
if handler is None:
    fail("Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (function_name, module_name), [])
    sys.exit(0)
with open(event_file) as f:
    event = json.load(f)
try:
    result = handler(event, LambdaContext(meta))
except Exception as e:
    print("[ERROR] %s: %s" % (type(e).__name__, e), file=sys.stderr)
    fail(type(e).__name__, str(e), traceback.format_tb(e.__traceback__))
    sys.exit(0)
try:
    write({"ok": result})
except TypeError as e:
    fail("Runtime.MarshalError", "Unable to marshal response: %s" % e, [])
`;
