import httpx
import asyncio

async def polling_client(execution_id: str, api_key: str = None):
    url = f"http://localhost:8000/poll/human-input/{execution_id}"
    headers = {}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"

    last_event_id = None

    async with httpx.AsyncClient() as client:
        while True:
            params = {}
            if last_event_id:
                params["last_event_id"] = last_event_id

            response = await client.get(url, headers=headers, params=params)
            data = response.json()

            for event in data.get("events", []):
                print(f"Received: {event}")
                last_event_id = event.get('event_id')

            await asyncio.sleep(2)  # Poll every 2 seconds

# Usage
asyncio.run(polling_client("execution-id", "api-key"))
