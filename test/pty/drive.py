# Run a command in a pseudo-terminal of a given size, answer its prompts, print what the terminal
# showed. Used by the CLI tests for what only a terminal gets: `llmcost init`'s questions, and output
# wrapped to the terminal's width (test/cli/terminal.test.ts). Python's pty module, no native addon.
#   python3 drive.py '{"argv": [...], "cwd": "...", "env": {...}, "cols": 80, "rows": 50,
#                      "steps": [["question text", "answer"], ...], "timeout": 30}'
# prints {"code": N, "output": "..."} as JSON.
import fcntl, json, os, pty, select, signal, struct, sys, termios, time

spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', spec.get('rows', 50), spec['cols'], 0, 0))
    os.chdir(spec['cwd'])
    if spec['env'].get('LLMCOST_PTY_STDERR') == 'null':
        # Keep stderr (warnings that depend on the date) off the screen being compared.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
    os.execvpe(spec['argv'][0], spec['argv'], spec['env'])

out = b''
steps = list(spec.get('steps', []))
seen = 0
eof = False
deadline = time.time() + spec.get('timeout', 30)
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.1)
    if r:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            eof = True
            break
        if not chunk:
            eof = True
            break
        out += chunk
    text = out.decode('utf-8', 'replace')
    if steps and steps[0][0] in text[seen:]:
        seen = text.index(steps[0][0], seen) + len(steps[0][0])
        os.write(fd, (steps.pop(0)[1] + '\r').encode())
    elif steps and steps[0][0] == '<EOF>':
        steps.pop(0)
        os.write(fd, b'\x04')
timed_out = not eof
if timed_out:
    os.kill(pid, signal.SIGKILL)
_, status = os.waitpid(pid, 0)
code = -1 if timed_out else os.waitstatus_to_exitcode(status)
print(json.dumps({'timed_out': timed_out, 'code': code, 'output': out.decode('utf-8', 'replace').replace('\r\n', '\n'), 'pending': [s[0] for s in steps]}))
