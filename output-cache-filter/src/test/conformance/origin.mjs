// The suite's origin server, bound to 127.0.0.1 (its own server.mjs listens on every interface).
// Usage: node origin.mjs <port>   (0 = any free port; the chosen port is printed as "listening <port>")
import http from 'http'
import handleConfig from 'http-cache-tests/server/handle-config.mjs'
import handleFile from 'http-cache-tests/server/handle-file.mjs'
import handleState from 'http-cache-tests/server/handle-state.mjs'
import handleTest from 'http-cache-tests/server/handle-test.mjs'

const port = parseInt(process.argv[2] || '0', 10)
const base = 'http://127.0.0.1/'

// Same dispatch as http-cache-tests/server/server.mjs (handleMain).
function handleMain (request, response) {
  const url = new URL(request.url, base)
  const pathSegs = url.pathname.split('/')
  pathSegs.shift()
  const dispatch = pathSegs.shift()
  if (dispatch === 'config') {
    handleConfig(pathSegs, request, response)
  } else if (dispatch === 'test') {
    handleTest(pathSegs, request, response)
  } else if (dispatch === 'state') {
    handleState(pathSegs, request, response)
  } else {
    handleFile(url, request, response)
  }
}

const server = http.createServer(handleMain)
server.listen(port, '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`)
})
