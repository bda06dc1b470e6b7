#!/usr/bin/env python3
"""gen_cloudtrail.py MEGABYTES OUT_PREFIX [IAM_SHARE]: CloudTrail-like records for the
matcher benchmark, written twice: OUT_PREFIX.json, one CloudTrail log file
({"Records":[...]}, one line, as CloudTrail writes it), and OUT_PREFIX.jsonl,
the same records one per line.  Deterministic (fixed seed).

About 4% (IAM_SHARE, default 0.04) of the records carry one of the sixteen IAM policy event names; the
rest are the usual mix (Describe*, Get*, AssumeRole, ConsoleLogin, S3 data
events), with assumed roles, IAM users, AWS services, errors, request
parameters with policy documents, and non-ASCII text now and then."""
import json
import random
import sys

IAM = ["DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy",
       "PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy",
       "CreatePolicyVersion", "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy",
       "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy"]
OTHER = [("ec2.amazonaws.com", "DescribeInstances"), ("ec2.amazonaws.com", "RunInstances"),
         ("sts.amazonaws.com", "AssumeRole"), ("s3.amazonaws.com", "GetObject"),
         ("s3.amazonaws.com", "PutObject"), ("kms.amazonaws.com", "Decrypt"),
         ("signin.amazonaws.com", "ConsoleLogin"), ("iam.amazonaws.com", "GetPolicy"),
         ("iam.amazonaws.com", "ListRoles"), ("lambda.amazonaws.com", "Invoke"),
         ("logs.amazonaws.com", "PutLogEvents"), ("autoscaling.amazonaws.com", "DeletePolicy"),
         ("cloudtrail.amazonaws.com", "LookupEvents"), ("dynamodb.amazonaws.com", "Query")]
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1", "sa-east-1"]
AGENTS = ["aws-cli/2.15.30 Python/3.11.8 Linux/6.1.79-99.164.amzn2023.x86_64 exe/x86_64.amzn.2023",
          "Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.12",
          "console.amazonaws.com", "AWS Internal",
          "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
          "aws-sdk-go-v2/1.25.2 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64"]


def identity(rnd, account):
    kind = rnd.choice(["IAMUser", "AssumedRole", "AssumedRole", "AWSService", "Root"])
    if kind == "IAMUser":
        user = rnd.choice(["alice", "bob", "carol", "deploy-bot", "jürgen"])
        return {"type": "IAMUser", "principalId": "AIDA%016X" % rnd.getrandbits(64),
                "arn": "arn:aws:iam::%s:user/%s" % (account, user), "accountId": account,
                "accessKeyId": "AKIA%016X" % rnd.getrandbits(64), "userName": user}
    if kind == "AssumedRole":
        role = rnd.choice(["deploy-pipeline", "ReadOnly", "OrganizationAccountAccessRole"])
        session = rnd.choice(["GitHubActions", "i-0abc123def456", "alice@example.com"])
        return {"type": "AssumedRole",
                "principalId": "AROA%016X:%s" % (rnd.getrandbits(64), session),
                "arn": "arn:aws:sts::%s:assumed-role/%s/%s" % (account, role, session),
                "accountId": account, "accessKeyId": "ASIA%016X" % rnd.getrandbits(64),
                "sessionContext": {
                    "sessionIssuer": {"type": "Role", "principalId": "AROA%016X" % rnd.getrandbits(64),
                                      "arn": "arn:aws:iam::%s:role/%s" % (account, role),
                                      "accountId": account, "userName": role},
                    "webIdFederationData": {},
                    "attributes": {"creationDate": "2024-03-04T09:12:44Z",
                                   "mfaAuthenticated": rnd.choice(["true", "false"])}}}
    if kind == "AWSService":
        return {"type": "AWSService", "invokedBy": rnd.choice(["cloudformation.amazonaws.com",
                                                               "autoscaling.amazonaws.com"])}
    return {"type": "Root", "principalId": account, "arn": "arn:aws:iam::%s:root" % account,
            "accountId": account, "accessKeyId": "ASIA%016X" % rnd.getrandbits(64)}


def record(rnd, i, share):
    account = rnd.choice(["123456789012", "210987654321", "555555555555"])
    if rnd.random() < share:
        source, name = "iam.amazonaws.com", rnd.choice(IAM)
        params = {"policyName": "inline-%d" % (i % 97),
                  "roleName": rnd.choice(["app-role", "deploy-pipeline"]),
                  "policyDocument": json.dumps({
                      "Version": "2012-10-17",
                      "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                                     "Resource": "arn:aws:s3:::bucket-%d/*" % (i % 13)}]})}
    else:
        source, name = rnd.choice(OTHER)
        params = rnd.choice([None, {"instancesSet": {"items": [{"instanceId": "i-%017x" % rnd.getrandbits(68)}]},
                                    "filterSet": {}},
                             {"bucketName": "logs-%d" % (i % 31), "key": "2024/03/04/file-%d.gz" % i},
                             {"roleArn": "arn:aws:iam::%s:role/ReadOnly" % account,
                              "roleSessionName": "session-%d" % i, "durationSeconds": 3600}])
    r = {"eventVersion": "1.08", "userIdentity": identity(rnd, account),
         "eventTime": "2024-03-%02dT%02d:%02d:%02dZ" % (1 + i % 28, i % 24, i % 60, (i * 7) % 60),
         "eventSource": source, "eventName": name, "awsRegion": rnd.choice(REGIONS),
         "sourceIPAddress": "%d.%d.%d.%d" % (rnd.randrange(1, 224), rnd.randrange(256),
                                             rnd.randrange(256), rnd.randrange(1, 255)),
         "userAgent": rnd.choice(AGENTS), "requestParameters": params,
         "responseElements": None if rnd.random() < 0.7 else {"credentials": {
             "accessKeyId": "ASIA%016X" % rnd.getrandbits(64), "expiration": "Mar 4, 2024, 10:12:44 AM"}},
         "requestID": "%08x-%04x-%04x-%04x-%012x" % (rnd.getrandbits(32), rnd.getrandbits(16),
                                                       rnd.getrandbits(16), rnd.getrandbits(16),
                                                       rnd.getrandbits(48)),
         "eventID": "%08x-%04x-%04x-%04x-%012x" % (rnd.getrandbits(32), rnd.getrandbits(16),
                                                     rnd.getrandbits(16), rnd.getrandbits(16),
                                                     rnd.getrandbits(48)),
         "readOnly": name.startswith(("Describe", "Get", "List", "Lookup")),
         "eventType": "AwsApiCall", "managementEvent": True,
         "recipientAccountId": account, "eventCategory": "Management",
         "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                        "clientProvidedHostHeader": source.replace(".amazonaws.com", ".us-east-1.amazonaws.com")}}
    if rnd.random() < 0.08:
        r["errorCode"] = rnd.choice(["AccessDenied", "Client.UnauthorizedOperation", "NoSuchEntity"])
        r["errorMessage"] = "User: %s is not authorized to perform: %s" % (r["userIdentity"].get("arn", "?"), name)
    return json.dumps(r, separators=(",", ":"), ensure_ascii=rnd.random() < 0.5)


def main():
    megabytes, prefix = float(sys.argv[1]), sys.argv[2]
    share = float(sys.argv[3]) if len(sys.argv) > 3 else 0.04
    rnd = random.Random(20240304)
    # A pool of distinct records, repeated in a shuffled order: enough variety
    # for the scanner, and generation stays fast.
    pool = [record(rnd, i, share) for i in range(20000)]
    target = int(megabytes * 1e6)
    with open(prefix + ".json", "w", encoding="utf-8") as ct, \
         open(prefix + ".jsonl", "w", encoding="utf-8") as jl:
        ct.write('{"Records":[')
        size, n = 0, 0
        while size < target:
            order = list(range(len(pool)))
            rnd.shuffle(order)
            for k in order:
                rec = pool[k]
                ct.write(("," if n else "") + rec)
                jl.write(rec + "\n")
                size += len(rec) + 1
                n += 1
                if size >= target:
                    break
        ct.write("]}\n")
    print("%d records, %.0f MB" % (n, size / 1e6))


if __name__ == "__main__":
    main()
