"""Seeds the moto emulator with the benchmark's mesh, as fast as moto allows (not timed).

usage: seed_moto.py ENDPOINT ACCOUNTS DATABASES TABLES_PER_DATABASE COLUMNS [--change FRACTION]

Every account: the LF-tag keys domain / sensitivity / pii; DATABASES product databases tagged
with their domain; tables of COLUMNS columns, each table tagged with a sensitivity and one
column in five tagged pii; a few Lake Formation grants of several shapes. Glue has no batch
table creation, so tables are created one call each, accounts in parallel threads.
`--change F` instead updates the description of that fraction of tables (for the incremental
refresh figure). Account k is 2000000000kk; the hub is 300000000000.
"""
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config

REGION = "eu-west-1"
SENSITIVITY = ["public", "internal", "confidential", "restricted"]
TYPES = ["string", "bigint", "double", "timestamp", "date", "boolean", "decimal(12,2)"]


def account_id(k):
    return f"2{k:011d}"


def clients(endpoint, account):
    base = dict(region_name=REGION, endpoint_url=endpoint, aws_access_key_id="bench", aws_secret_access_key="bench")
    sts = boto3.client("sts", **base)
    creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/meshdesk", RoleSessionName="seed")["Credentials"]
    session = dict(
        region_name=REGION,
        endpoint_url=endpoint,
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        config=Config(retries={"mode": "standard"}),
    )
    return boto3.client("glue", **session), boto3.client("lakeformation", **session)


def domain_of(k):
    return f"domain{k:02d}"


def database_name(d):
    return f"product_{d:03d}"


def table_name(t):
    return f"table_{t:04d}"


def seed_account(endpoint, k, databases, tables, columns):
    account = account_id(k)
    glue, lf = clients(endpoint, account)
    domain = domain_of(k)
    lf.create_lf_tag(TagKey="domain", TagValues=[domain])
    lf.create_lf_tag(TagKey="sensitivity", TagValues=SENSITIVITY)
    lf.create_lf_tag(TagKey="pii", TagValues=["true"])
    n = 0
    for d in range(databases):
        db = database_name(d)
        glue.create_database(
            DatabaseInput={
                "Name": db,
                "Description": f"Product {d} of {domain}",
                "Parameters": {
                    "meshdesk:product": "true",
                    "meshdesk:domain": domain,
                    "meshdesk:owner": f"owner{d % 7}@{domain}.example",
                },
            }
        )
        lf.add_lf_tags_to_resource(
            Resource={"Database": {"Name": db}}, LFTags=[{"TagKey": "domain", "TagValues": [domain]}]
        )
        for t in range(tables):
            name = table_name(t)
            cols = [
                {"Name": f"col_{c:02d}", "Type": TYPES[(t + c) % len(TYPES)], "Comment": f"Column {c} of {name}"}
                for c in range(columns)
            ]
            glue.create_table(
                DatabaseName=db,
                TableInput={
                    "Name": name,
                    "Description": f"Table {t} of {db}",
                    "TableType": "EXTERNAL_TABLE",
                    "Parameters": {"classification": "parquet"},
                    "PartitionKeys": [{"Name": "dt", "Type": "string"}],
                    "StorageDescriptor": {
                        "Columns": cols,
                        "Location": f"s3://lake-{account}/{db}/{name}/",
                        "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                        "SerdeInfo": {
                            "SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
                        },
                    },
                },
            )
            lf.add_lf_tags_to_resource(
                Resource={"Table": {"DatabaseName": db, "Name": name}},
                LFTags=[{"TagKey": "sensitivity", "TagValues": [SENSITIVITY[n % 4]]}],
            )
            if n % 5 == 0 and columns:
                lf.add_lf_tags_to_resource(
                    Resource={"TableWithColumns": {"DatabaseName": db, "Name": name, "ColumnNames": ["col_00"]}},
                    LFTags=[{"TagKey": "pii", "TagValues": ["true"]}],
                )
            n += 1
    consumer = account_id((k + 1) % 1000)
    shapes = [
        {"Database": {"Name": database_name(0)}},
        {"Table": {"DatabaseName": database_name(0), "Name": table_name(0)}},
        {"Table": {"DatabaseName": database_name(0), "TableWildcard": {}}},
        {"TableWithColumns": {"DatabaseName": database_name(0), "Name": table_name(0), "ColumnNames": ["col_01"]}},
        {"LFTagPolicy": {"ResourceType": "TABLE", "Expression": [{"TagKey": "sensitivity", "TagValues": ["public"]}]}},
    ]
    for i, resource in enumerate(shapes):
        principal = f"arn:aws:iam::{consumer}:role/analyst{i}" if i % 2 else consumer
        lf.grant_permissions(
            Principal={"DataLakePrincipalIdentifier": principal},
            Resource=resource,
            Permissions=["DESCRIBE"] if "Database" in resource else ["SELECT"],
        )
    return n


def change_account(endpoint, k, databases, tables, fraction):
    glue, _ = clients(endpoint, account_id(k))
    every = max(1, round(1 / fraction))
    changed = 0
    for d in range(databases):
        for t in range(tables):
            if (d * tables + t) % every:
                continue
            table = glue.get_table(DatabaseName=database_name(d), Name=table_name(t))["Table"]
            keep = ["Name", "Description", "TableType", "Parameters", "PartitionKeys", "StorageDescriptor"]
            table_input = {key: table[key] for key in keep if key in table}
            table_input["Description"] = table_input.get("Description", "") + " (changed)"
            glue.update_table(DatabaseName=database_name(d), TableInput=table_input)
            changed += 1
    return changed


def main():
    endpoint, accounts, databases, tables, columns = sys.argv[1], *map(int, sys.argv[2:6])
    change = float(sys.argv[7]) if len(sys.argv) > 7 and sys.argv[6] == "--change" else None
    with ThreadPoolExecutor(max_workers=4) as pool:
        if change is None:
            done = pool.map(lambda k: seed_account(endpoint, k, databases, tables, columns), range(accounts))
        else:
            done = pool.map(lambda k: change_account(endpoint, k, databases, tables, change), range(accounts))
        print(sum(done))


if __name__ == "__main__":
    main()
