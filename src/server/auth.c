/*
 * auth.c — passwords (Argon2id through libsodium's crypto_pwhash_str),
 * session tokens (256 random bits) and what the database keeps of them (a
 * BLAKE2b hash, so a copy of the database opens no session).
 */
#include "server.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

void ms_auth_password(char out[23])
{
    static const char alphabet[] =
        "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"; /* no 0/O, 1/l/I */
    for (int i = 0; i < 22; i++)
        out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    out[22] = 0;
}

int ms_auth_hash(const char *password, char *hash, size_t size)
{
    if (size < crypto_pwhash_STRBYTES)
        return -1;
    return crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

bool ms_auth_verify(const char *hash, const char *password)
{
    return hash[0] && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void ms_auth_token(char out[65])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, 65, raw, sizeof raw);
}

void ms_auth_token_hash(const char *token, char out[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, 65, h, sizeof h);
}

bool ms_auth_equal(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}
