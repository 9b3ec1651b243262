// How the composer reads a failed upload: each file's own reason from the problem's code, and a
// retry offered only where a retry can help.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError, type ApiErrorCode, NETWORK_ERROR } from './client.ts';
import { UploadError, uploadFailure } from './media.ts';

const problem = (status: number, code: ApiErrorCode, detail = '') => ({ type: 'about:blank', title: 'x', status, code, detail });

test('refusals a retry cannot fix name their reason and the limit the server gave, with no retry', () => {
  const cases: Array<[ApiError, string, string | null]> = [
    [new UploadError(problem(413, 'file_too_large', 'A photo may be at most 20 MB.'), null), 'tooLarge', '20 MB'],
    [new UploadError(problem(415, 'unsupported_type', 'Upload a JPEG…'), null), 'unsupported', null],
    [new UploadError(problem(413, 'too_many_pixels', 'The image is 9000×5000; at most 40 megapixels are accepted.'), null), 'tooManyPixels', '40'],
    [new UploadError(problem(422, 'video_too_long', 'The video is 400 s long; at most 300 s are accepted.'), null), 'videoTooLong', '300'],
    [new UploadError(problem(422, 'corrupt_image', 'damaged'), null), 'corrupt', null],
    [new UploadError(problem(422, 'no_video_stream', 'audio only'), null), 'noVideo', null],
    [new UploadError(problem(400, 'empty_file', 'The file is empty.'), null), 'empty', null],
    [new UploadError(problem(401, 'unauthenticated', 'Sign in'), null), 'signedOut', null],
  ];
  for (const [error, reason, limit] of cases) {
    const failure = uploadFailure(error);
    assert.equal(failure.reason, reason, error.code);
    assert.equal(failure.retryable, false, `${error.code} is not fixed by retrying`);
    assert.equal(failure.limit, limit, error.code);
  }
  // A code this client does not know (a newer server's) arrives as the bare status.
  const unknown = uploadFailure(new UploadError(problem(400, 'http_400', 'The server says why.'), null));
  assert.deepEqual([unknown.reason, unknown.retryable, unknown.detail], ['refused', false, 'The server says why.']);
});

test('network trouble, server errors and rate limits can be retried, a rate limit after its Retry-After', () => {
  const network = uploadFailure(new UploadError(problem(0, NETWORK_ERROR), null));
  assert.deepEqual([network.reason, network.retryable], ['network', true]);
  const server = uploadFailure(new ApiError(problem(503, 'unavailable')));
  assert.deepEqual([server.reason, server.retryable], ['server', true]);
  const limited = uploadFailure(new UploadError(problem(429, 'rate_limited', 'Too many requests. Try again in 12 s.'), 12_000));
  assert.deepEqual([limited.reason, limited.retryable, limited.retryAfterMs], ['rateLimited', true, 12_000]);
  assert.equal(uploadFailure(new Error('boom')).retryable, true, 'a failure with no answer at all is treated as the network');
});
